"""Register the bundled fonts, so Ethiopic and Chinese names never show as boxes even on a
machine with no fonts of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

# Tried in this order for every character: Latin first, then the scripts it lacks.
FAMILY_ORDER = ("Noto Sans", "Noto Sans Ethiopic", "Droid Sans Fallback")


def register_bundled_fonts(fonts_dir: Path) -> list[str]:
    """Add every bundled TTF to Qt's font database; return the families now available."""
    families: list[str] = []
    for path in sorted(fonts_dir.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def application_font(point_size: float = 10.0) -> QFont:
    """The app's font: Noto Sans with the other bundled families as fallbacks."""
    font = QFont()
    font.setFamilies(list(FAMILY_ORDER))
    font.setPointSizeF(point_size)
    return font
