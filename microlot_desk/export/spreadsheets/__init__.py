"""Spreadsheets (CSV, XLSX) for the people who live in them: roasters, importers."""
