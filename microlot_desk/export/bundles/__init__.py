"""Lot bundles (`.mlot`): signed zip files that carry records between stations."""
