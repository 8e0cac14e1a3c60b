"""The demo data: lots, their provenance and a cupping panel."""
