"""Provenance files: EUDR GeoJSON, due-diligence data, GS1 EPCIS events, photos as evidence."""
