"""ui layer (see DESIGN.md): the only package that imports PySide6."""

from microlot_desk.ui.common.binding_guard import make_singletons_immortal

# Before any Qt call anywhere in the app or its tests: see binding_guard for the PySide bug.
make_singletons_immortal()
