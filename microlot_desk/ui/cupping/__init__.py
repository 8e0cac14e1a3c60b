"""The Cupping screen: sessions, their set-up, sheet entry at the table, the panel, scores."""
