"""The verdict's one word, apart from the verdict itself so that a list filter can name it
without loading the rules that compute it."""

from __future__ import annotations

from enum import StrEnum


class Overall(StrEnum):
    """The one word the lot list shows and filters on.

    genuine: every hallmark met and no red flag; failing: a hallmark not met; flagged: none
    failing but a red flag raised; incomplete: none failing, no red flag, something not
    recorded."""

    GENUINE = "genuine"
    FLAGGED = "flagged"
    INCOMPLETE = "incomplete"
    FAILING = "failing"
