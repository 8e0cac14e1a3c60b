"""User-facing text in the GUI: error codes and field names through Qt's translator."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from microlot_desk import messages
from microlot_desk.errors import FieldError, KnownError, ValidationFailed


def tr(text: str, context: str = "messages") -> str:
    return QCoreApplication.translate(context, text)


def field_label(name: str) -> str:
    return tr(messages.field_label(name))


def field_error_text(error: FieldError) -> str:
    template = messages.FIELD_REASONS.get(error.code, error.code)
    return tr(template).format_map(messages.Lenient(error.params))


def error_text(error: KnownError) -> str:
    if isinstance(error, ValidationFailed):
        lines = [f"{field_label(e.field)}: {field_error_text(e)}" for e in error.errors]
        return "\n".join([*lines, tr(messages.ERRORS["validation_failed"])])
    if error.code in messages.REASONED:  # the sentence is chosen by the error's reason
        template, reasons = messages.REASONED[error.code]
        why = messages.reason_text({k: tr(v) for k, v in reasons.items()}, error.params)
        return tr(template).format_map(messages.Lenient({**error.params, "why": why}))
    template = messages.ERRORS.get(error.code, error.code)
    return tr(template).format_map(messages.Lenient(error.params))


def format_decimal(value: Decimal | None, locale: QLocale | None = None) -> str:
    """A Decimal as the user writes numbers (decimal comma where usual), exactly, no grouping."""
    if value is None:
        return ""
    text = format(value, "f")
    point = (locale or QLocale()).decimalPoint()
    return text.replace(".", point) if point != "." else text
