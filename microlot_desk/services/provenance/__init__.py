"""Plots, custody, lineage, evidence, the verdict, and the GeoJSON, DDS and EPCIS exports."""
