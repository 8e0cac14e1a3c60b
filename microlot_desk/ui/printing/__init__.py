"""Printing from the app: the document preview, the cupping print dialogs, the batch export."""
