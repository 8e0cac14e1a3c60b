"""Printed documents of lots: provenance sheets, labels and blank forms, one lot or a batch."""
