"""microlot_desk: offline records, cupping and provenance sheets for specialty-coffee micro-lots."""

# The one place the version is written; pyproject.toml reads it from here.
__version__ = "0.1.0"
