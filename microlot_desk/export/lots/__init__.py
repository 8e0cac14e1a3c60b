"""A lot as plain JSON data."""
