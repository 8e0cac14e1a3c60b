"""Shared by the features: thread guard, progress, station and verdict settings, cupping reads."""
