"""A sentence whose template names a value nobody filled still shows, with "?" there: the same
on screen (messages) and on paper (export wording), instead of failing with a KeyError."""

from __future__ import annotations

from microlot_desk import messages
from microlot_desk.errors import KnownError
from microlot_desk.export.printing.wording import Wording


class _Refused(KnownError):
    code = "test_refused"


def test_a_printed_label_with_a_mistyped_placeholder_prints_a_question_mark() -> None:
    # A translator wrote {pagez}: the footer still prints, the known value filled.
    say = Wording({"sheet.footer_page": "Page {page} of {pagez}"}, ["sheet.footer_page"])
    assert say("sheet.footer_page", page=1, pages=2) == "Page 1 of ?"


def test_a_stray_brace_in_a_printed_label_prints_the_label_as_written() -> None:
    say = Wording({"sheet.hours": "{hours} h {"}, ["sheet.hours"])
    assert say("sheet.hours", hours=3) == "{hours} h {"


def test_a_message_on_screen_with_a_value_missing_shows_a_question_mark(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(messages.ERRORS, "test_refused", "{count} lots refused from {file}.")
    assert messages.describe(_Refused(count=3)) == "3 lots refused from ?."
