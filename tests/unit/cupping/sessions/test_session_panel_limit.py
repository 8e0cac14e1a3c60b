"""A panel is bounded: the 51st cupper is refused with the limit named, and nobody is seated."""

from __future__ import annotations

import pytest

from microlot_desk.domain.field_parsing import MAX_LIST_ITEMS
from microlot_desk.errors import ValidationFailed
from microlot_desk.messages import describe
from microlot_desk.services.cupping.cupping_service import CuppingService

LAB = "independent_lab"


def test_the_cupper_past_the_limit_is_refused_naming_it(cupping: CuppingService) -> None:
    session = cupping.create_session({"held_on": "2026-11-27", "form_id": "sca-2004"}).session
    for n in range(MAX_LIST_ITEMS):
        cupping.add_new_cupper(session.id, {"cupper_name": f"Cupper {n}", "affiliation": LAB})
    with pytest.raises(ValidationFailed) as refused:
        cupping.add_new_cupper(session.id, {"cupper_name": "One more", "affiliation": LAB})
    message = describe(refused.value)
    assert "Cuppers (cuppers)" in message
    assert f"lists {MAX_LIST_ITEMS + 1} entries; at most {MAX_LIST_ITEMS} are accepted" in message
    seated = cupping.session(session.id).cuppers
    assert len(seated) == MAX_LIST_ITEMS and "One more" not in {c.name for c in seated}
