"""Verify a provenance sheet someone hands back: does what it shows match the records this
station holds?

The sheet's digest (export.printing.sheet_digest) is computed again from the lot's records here.
- The same digest: the sheet matches, and the records were signed by the station that sent
  them (the lot's origin) or recorded here.
- A different digest, but the digest of the lot as it stood after fewer custody events (the
  count the PDF says it showed, or each count in turn for a scan) is the sheet's: it matches
  the record as of that event, with the events recorded since.
- Otherwise it differs; from the PDF's own marks, the sections that differ are named.
- A lot this station does not hold is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from microlot_desk.errors import NotFound
from microlot_desk.export.printing.sheet_digest import section_hashes, sheet_digest
from microlot_desk.export.printing.sheet_marks import SheetMarks
from microlot_desk.export.printing.sheet_reading import read_sheet
from microlot_desk.services.exchange.lot_origins import lot_origin
from microlot_desk.services.exchange.station_identity import station_identity
from microlot_desk.services.printing.print_service import PrintOptions, PrintService
from microlot_desk.sheet_labels import labels_for

MATCHES = "matches"
MATCHES_AS_OF = "matches_as_of"
DIFFERS = "differs"
UNKNOWN_LOT = "unknown_lot"
MAX_EVENTS_BACK = 500  # a scan does not say how many events it showed: each count is tried


@dataclass(frozen=True)
class SheetVerdict:
    outcome: str  # MATCHES, MATCHES_AS_OF, DIFFERS or UNKNOWN_LOT
    code: str
    lot_id: str
    source: str  # "pdf" (the file's own data) or "qr" (a scan or photo of the code)
    station: str = ""  # who signed the records it was checked against
    fingerprint: str = ""
    signed_at: str = ""  # when they were signed (a received lot's bundle); "" for our own
    recorded_here: bool = False
    as_of: str = ""  # MATCHES_AS_OF: when the last event the sheet showed was recorded
    events_since: int = 0
    sections: tuple[str, ...] = ()  # DIFFERS: the sections that differ (from the PDF only)

    @property
    def verified(self) -> bool:
        return self.outcome in (MATCHES, MATCHES_AS_OF)


def verify_sheet(printing: PrintService, path: Path) -> SheetVerdict:
    """BadInputFile or InputFileRefused when the file cannot be read as a sheet."""
    marks = read_sheet(path)
    payload = marks.payload
    lots = printing.lots
    try:
        lot = lots.get(payload.lot_id)
    except NotFound:
        return SheetVerdict(UNKNOWN_LOT, payload.code, payload.lot_id, marks.source)
    signer = _signer(printing, lot.id)
    options = PrintOptions(labels_for("en"))
    current = printing.sheet_data(lot, options)
    if sheet_digest(current) == payload.digest:
        return _verdict(MATCHES, lot.code, lot.id, marks.source, signer)
    events = lots.verdicts.records.custody.events_of(lot.id)
    for count in _counts_to_try(marks, len(events)):
        earlier = printing.sheet_data(lot, options, events_upto=count)
        if sheet_digest(earlier) == payload.digest:
            return _verdict(
                MATCHES_AS_OF,
                lot.code,
                lot.id,
                marks.source,
                signer,
                as_of=events[count - 1].recorded_at if count else "",
                events_since=len(events) - count,
            )
    now = section_hashes(current)
    differing = tuple(name for name, value in marks.sections.items() if now.get(name) != value)
    return _verdict(DIFFERS, lot.code, lot.id, marks.source, signer, sections=differing)


def verdict_sentence(verdict: SheetVerdict) -> str:
    """The verdict in one plain sentence, as the person holding the sheet reads it."""
    station = verdict.station or "an unnamed station"
    who = (
        f"of this station ({station}, {verdict.fingerprint})"
        if verdict.recorded_here
        else f"held here, received signed by {station} ({verdict.fingerprint}) on "
        f"{verdict.signed_at[:10]}"
    )
    if verdict.outcome == MATCHES:
        return f"{verdict.code}: the sheet matches the records {who}."
    if verdict.outcome == MATCHES_AS_OF:
        when = (
            f"as of {verdict.as_of[:10]}"
            if verdict.as_of
            else "as it was before its first custody event"
        )
        since = f"{verdict.events_since} custody event(s) recorded since"
        return f"{verdict.code}: the sheet matches the record {when}, {who}; {since}."
    if verdict.outcome == DIFFERS:
        which = (
            f" (sections that differ: {', '.join(verdict.sections)})" if verdict.sections else ""
        )
        return f"{verdict.code}: the sheet DIFFERS from the records {who}{which}."
    return (
        f"{verdict.code}: this station holds no lot {verdict.lot_id}; the sheet cannot be "
        "checked here (import the sender's bundle first)."
    )


def _counts_to_try(marks: SheetMarks, held: int) -> list[int]:
    if marks.chain_events is not None:
        return [marks.chain_events] if marks.chain_events < held else []
    return list(range(held - 1, max(-1, held - 1 - MAX_EVENTS_BACK), -1))


@dataclass(frozen=True)
class _Signer:
    station: str
    fingerprint: str
    signed_at: str
    recorded_here: bool


def _signer(printing: PrintService, lot_id: str) -> _Signer:
    database = printing.lots.database
    origin = lot_origin(database, lot_id)
    if origin is not None:
        return _Signer(origin.station, origin.fingerprint, origin.signed_at, False)
    me = station_identity(database)
    return _Signer(me.name, me.fingerprint, "", True)


def _verdict(
    outcome: str,
    code: str,
    lot_id: str,
    source: str,
    signer: _Signer,
    *,
    as_of: str = "",
    events_since: int = 0,
    sections: tuple[str, ...] = (),
) -> SheetVerdict:
    return SheetVerdict(
        outcome,
        code,
        lot_id,
        source,
        station=signer.station,
        fingerprint=signer.fingerprint,
        signed_at=signer.signed_at,
        recorded_here=signer.recorded_here,
        as_of=as_of,
        events_since=events_since,
        sections=sections,
    )
