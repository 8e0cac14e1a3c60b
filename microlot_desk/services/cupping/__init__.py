"""Cupping sessions and sheets, scoring a sheet, CQI import, cupping views as JSON."""
