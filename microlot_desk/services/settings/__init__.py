"""Changing the station's settings, as the Settings screen and the CLI do."""
