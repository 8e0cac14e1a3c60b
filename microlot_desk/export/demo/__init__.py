"""Evidence files for the demo data, made in code."""
