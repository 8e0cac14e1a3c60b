"""The printed documents as PDF (sheets, reports, labels, blank forms), their fonts and pages."""
