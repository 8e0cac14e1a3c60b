"""Mass through the mill and the stages a process implies (DOMAIN.md §1).

Checks over a lot's effective custody events (as corrected), each a finding with a code and
values, never a sentence:
- blend_signal: a stage put out more kg than it took in, or took in more than the stage
  before it put out (coffee was added somewhere);
- yield_out_of_range: a change of form (cherry → parchment → green) whose kg-per-kg lies outside
  the configured range (a data-entry warning);
- gap: more time between the end of one stage and the start of the next than allowed;
- missing_stage: a stage the process implies, from picking to bagging, has no event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from microlot_desk.domain.custody import CoffeeForm, CustodyEvent, EventKind


@dataclass(frozen=True)
class YieldRanges:
    """Accepted kg of input per kg of green (typical: about 5–6 cherry, about 1.25 parchment).
    Outside these wider bounds a yield is most likely a typing error."""

    cherry_per_green: tuple[Decimal, Decimal] = (Decimal("4.5"), Decimal("7"))
    parchment_per_green: tuple[Decimal, Decimal] = (Decimal("1.15"), Decimal("1.4"))

    def per_kg(self, form_in: CoffeeForm, form_out: CoffeeForm) -> tuple[Decimal, Decimal] | None:
        if (form_in, form_out) == (CoffeeForm.CHERRY, CoffeeForm.GREEN):
            return self.cherry_per_green
        if (form_in, form_out) == (CoffeeForm.PARCHMENT, CoffeeForm.GREEN):
            return self.parchment_per_green
        if (form_in, form_out) == (CoffeeForm.CHERRY, CoffeeForm.PARCHMENT):
            cg, pg = self.cherry_per_green, self.parchment_per_green
            return (cg[0] / pg[1]).quantize(Decimal("0.01")), (cg[1] / pg[0]).quantize(
                Decimal("0.01")
            )
        return None


@dataclass(frozen=True)
class BalanceRules:
    yields: YieldRanges = field(default_factory=YieldRanges)
    gap_hours: int = 72
    tolerance_pct: Decimal = Decimal("0.5")  # weighing differences between scales


@dataclass(frozen=True)
class Finding:
    code: str
    values: Mapping[str, str] = field(default_factory=dict)


# Stages each process implies from picking to bagging (DOMAIN.md §1: a natural has no
# depulping; washed and honey do).
_NATURAL = ("picking", "drying", "hulling", "bagging")
_HONEY = ("picking", "depulping", "drying", "hulling", "bagging")
_WASHED = ("picking", "depulping", "fermentation", "drying", "hulling", "bagging")
PROCESS_STAGES: Mapping[str, tuple[str, ...]] = {
    "washed": _WASHED,
    "semi_washed": _WASHED,
    "wet_hulled": _WASHED,
    "anaerobic_washed": _WASHED,
    "double_fermentation": _WASHED,
    "honey": _HONEY,
    "honey_white": _HONEY,
    "honey_yellow": _HONEY,
    "honey_red": _HONEY,
    "honey_black": _HONEY,
    "pulped_natural": _HONEY,
    "anaerobic_honey": ("picking", "depulping", "fermentation", "drying", "hulling", "bagging"),
    "natural": _NATURAL,
    "anaerobic_natural": ("picking", "fermentation", "drying", "hulling", "bagging"),
    "carbonic_maceration": ("picking", "fermentation", "drying", "hulling", "bagging"),
}
MINIMAL_STAGES = _NATURAL  # experimental, other or unknown processes


def implied_stages(process: str) -> tuple[str, ...]:
    return PROCESS_STAGES.get(process, MINIMAL_STAGES)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _exceeds(out: Decimal, into: Decimal, tolerance_pct: Decimal) -> bool:
    return out > into * (1 + tolerance_pct / 100)


def blend_signals(events: Iterable[CustodyEvent], rules: BalanceRules) -> list[Finding]:
    found: list[Finding] = []
    previous: CustodyEvent | None = None
    for event in events:
        if event.kind is EventKind.MERGE:
            previous = event
            continue  # recorded as a merge: judged as such, not as a hidden blend
        if event.kg_in is not None and event.kg_out is not None and event.kg_out > event.kg_in:
            found.append(_stage_finding("blend_signal", event, "out_exceeds_in"))
        if (
            previous is not None
            and previous.kg_out is not None
            and event.kg_in is not None
            and previous.form_out == event.form_in
            and _exceeds(event.kg_in, previous.kg_out, rules.tolerance_pct)
        ):
            finding = _stage_finding("blend_signal", event, "in_exceeds_previous_out")
            found.append(
                Finding(finding.code, {**finding.values, "previous_out": _text(previous.kg_out)})
            )
        if event.kg_out is not None:
            previous = event
    return found


def _stage_finding(code: str, event: CustodyEvent, reason: str) -> Finding:
    values = {"event_id": event.id, "seq": str(event.seq), "stage": event.stage, "reason": reason}
    if event.kg_in is not None:
        values["kg_in"] = _text(event.kg_in)
    if event.kg_out is not None:
        values["kg_out"] = _text(event.kg_out)
    return Finding(code, values)


def yield_warnings(events: Iterable[CustodyEvent], rules: BalanceRules) -> list[Finding]:
    found: list[Finding] = []
    for event in events:
        if None in (event.kg_in, event.kg_out, event.form_in, event.form_out):
            continue
        assert event.kg_in is not None and event.kg_out is not None
        assert event.form_in is not None and event.form_out is not None
        bounds = rules.yields.per_kg(event.form_in, event.form_out)
        if bounds is None or event.kg_out <= 0:
            continue
        ratio = (event.kg_in / event.kg_out).quantize(Decimal("0.01"))
        if not bounds[0] <= ratio <= bounds[1]:
            finding = _stage_finding("yield_out_of_range", event, "yield")
            found.append(
                Finding(
                    finding.code,
                    {
                        **finding.values,
                        "form_in": event.form_in.value,
                        "form_out": event.form_out.value,
                        "ratio": _text(ratio),
                        "min": _text(bounds[0]),
                        "max": _text(bounds[1]),
                    },
                )
            )
    return found


def gaps(events: Iterable[CustodyEvent], rules: BalanceRules) -> list[Finding]:
    """Time between the latest end so far and the next start beyond the allowance."""
    found: list[Finding] = []
    latest_end = None
    latest: CustodyEvent | None = None
    for event in events:
        if event.started is None:
            continue
        if latest_end is not None and latest is not None:
            hours = (event.started.utc - latest_end).total_seconds() / 3600
            if hours > rules.gap_hours:
                found.append(
                    Finding(
                        "gap",
                        {
                            "after": latest.stage or latest.kind.value,
                            "before": event.stage or event.kind.value,
                            "hours": str(int(hours)),
                            "allowed": str(rules.gap_hours),
                        },
                    )
                )
        end = (event.ended or event.started).utc
        if latest_end is None or end > latest_end:
            latest_end, latest = end, event
    return found


def missing_stages(events: Iterable[CustodyEvent], process: str) -> list[str]:
    present = {e.stage for e in events if e.kind in (EventKind.STAGE, EventKind.MERGE)}
    return [stage for stage in implied_stages(process) if stage not in present]
