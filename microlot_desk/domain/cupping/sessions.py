"""Cupping sessions as records: the session, its samples and cuppers, each cupper's sheet per
sample, and the two append-only logs (exclusions, reveals). DOMAIN.md §1, §6, §7.

Every record has a random UUID as its identity; a blind code or a lot code is only a label.
Times are UTC ISO-8601 text, as everywhere else in the app. Nothing here reads or writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from microlot_desk.domain.cupping.protocol import Protocol


class SampleType(StrEnum):
    """Which sample a score belongs to (DOMAIN.md §1): scores drift between them."""

    TYPE = "type"
    PRE_SHIPMENT = "pre_shipment"
    OFFER = "offer"
    APPROVAL = "approval"
    ARRIVAL = "arrival"
    QUALITY_CONTROL = "quality_control"


class Affiliation(StrEnum):
    """Whom a cupper works for; the micro-lot verdict asks whether a score is third-party."""

    PRODUCER = "producer"
    EXPORTER = "exporter"
    IMPORTER = "importer"
    ROASTER = "roaster"
    INDEPENDENT_LAB = "independent_lab"

    @property
    def third_party(self) -> bool:
        """True for an independent lab: neither seller nor buyer of the coffee."""
        return self is Affiliation.INDEPENDENT_LAB


@dataclass(frozen=True)
class LotLabel:
    """How a lot is named on screen: enough to recognise it, nothing more."""

    id: str
    code: str
    name: str


@dataclass(frozen=True)
class CuppingSession:
    """One sitting at the cupping table, scored on one form (id and version pinned)."""

    id: str
    held_on: date
    title: str
    place: str
    form_id: str
    form_version: int
    blind: bool
    leader: str
    protocol: Protocol = field(default_factory=Protocol)
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class Sample:
    """One coffee on the table: a lot as a given sample type, under a random 3-digit code.

    `agtron_whole` and `agtron_ground` are roast colour readings (about 58 and 63 by the
    protocol); None when not measured.
    """

    id: str
    session_id: str
    lot_id: str
    position: int
    sample_type: SampleType
    blind_code: str
    roast_date: date | None = None
    agtron_whole: Decimal | None = None
    agtron_ground: Decimal | None = None
    notes: str = ""
    updated_at: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class Cupper:
    """A person who scores; shared by many sessions. `q_licence` may be blank."""

    id: str
    name: str
    q_licence: str
    affiliation: Affiliation
    updated_at: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class Sheet:
    """One cupper's sheet for one sample, as stored.

    `values` hold the decoded field values (see sheet_codec) keyed by section, cup field or
    descriptor group; a cleared field is absent. `notes` hold free text by section key, with
    "" for the sheet as a whole.
    """

    id: str
    session_id: str
    sample_id: str
    cupper_id: str
    values: Mapping[str, object] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    updated_at: str = ""
    updated_by: str = ""


class ExclusionAction(StrEnum):
    """An exclusion log entry either leaves a sheet out of the panel or takes it back in."""

    EXCLUDE = "exclude"
    RESTORE = "restore"


@dataclass(frozen=True)
class Exclusion:
    """One entry of the append-only exclusion log: who did what to which sheet, when, why."""

    id: str
    sheet_id: str
    action: ExclusionAction
    reason: str
    by: str
    at: str
    station: str = ""


@dataclass(frozen=True)
class Reveal:
    """One entry of the append-only reveal log: who revealed a blind session's lots, when."""

    id: str
    session_id: str
    by: str
    at: str
    station: str = ""


@dataclass(frozen=True)
class ImportedResult:
    """A panel result taken from outside (a CQI certificate line) rather than from sheets.

    `sections` are the averaged attributes keyed by the form's section keys, `final` the total
    recomputed from them, `stated_final` the total the source printed (None when blank).
    """

    sample_id: str
    source: str
    source_row: int
    sections: Mapping[str, Decimal]
    final: Decimal
    stated_final: Decimal | None
    graded_on: date | None
    affiliation: Affiliation
    extras: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class SessionOverview:
    """A session as the session list shows it: counts only, never a lot."""

    session: CuppingSession
    samples: int
    cuppers: int
    sheets_started: int
    revealed: bool


def current_exclusion(log: Sequence[Exclusion]) -> Exclusion | None:
    """The exclusion in force, given one sheet's log in order (time, then as recorded): the
    last entry, if it excludes."""
    if not log:
        return None
    last = log[-1]
    return last if last.action is ExclusionAction.EXCLUDE else None


def first_reveal(log: Sequence[Reveal]) -> Reveal | None:
    """The reveal that counts, given a session's log in order: the first one (a second station
    may log its own; the earliest stands)."""
    return log[0] if log else None
