"""microlot_desk: offline records, cupping and provenance sheets for specialty-coffee micro-lots."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("microlot-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
