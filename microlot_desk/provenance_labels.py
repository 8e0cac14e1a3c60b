"""English text for the provenance sheet's custody and hallmark sections (issue 5), by key, in
the same form as sheet_labels.SHEET_LABELS: the CLI merges them under the sheet labels; the GUI
passes each through Qt's translator (context "sheet") like the others. "fact.<code>" fills in
the values of a verdict fact (domain.verdict_rules)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from microlot_desk.provenance_messages import RED_FLAGS

PROVENANCE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "stage.reception": "Reception",
        "stage.resting": "Resting",
        "stage.export": "Export",
        "stage.shipment": "Shipment",
        "stage.arrival": "Arrival",
        "stage.split": "Split into sub-lots",
        "stage.split_from": "Split from",
        "stage.merge": "Mixed with other coffee",
        "fact.missing": "missing: {fields}",
        "fact.producer": "producer {name}",
        "fact.farm": "farm {name}; plots {plots}",
        "fact.production": "varieties {varieties}; lot number {code}",
        "fact.no_green_weight": "no green weight recorded",
        "fact.green_weight": "{green_kg} kg green, {size_class} (limit {limit_kg} kg)",
        "fact.chain_broken": "custody record altered outside the app",
        "fact.no_custody_events": "no custody event recorded",
        "fact.merged": "mixed with other coffee ({traceability})",
        "fact.missing_stage": "no event for {stage}",
        "fact.gap": "{hours} h between {after} and {before}",
        "fact.blend_signal": "{stage}: {kg_in} kg in, {kg_out} kg out",
        "fact.stages_covered": "{events} events from picking to bagging, no gap, no merge",
        "fact.no_score": "no panel score recorded",
        "fact.panel_score": "{final} ({sample_type}, {held_on}; third party: {third_party})",
        "fact.no_price": "no {missing} recorded",
        "fact.price_ratio": "{ratio}× the reference price ({price} vs {reference} {currency})",
        "fact.cupping_sheet": "cupping sheet: {found}",
        "fact.plot_photo": "plot photos: {found}",
        "fact.q_report": "Q-grader report: {found}",
        "basis.fob": "FOB",
        "basis.farm_gate": "farm-gate",
        "missing.price": "price",
        "missing.reference_price": "reference price",
        "field.producer": "producer",
        "field.farm": "farm",
        "field.plot": "plot",
        "field.altitude_m": "altitude",
        "field.varieties": "varieties",
        "field.harvest_start": "harvest start",
        "field.harvest_end": "harvest end",
        "field.code": "lot number",
    }
)


# The sheet words each red flag as the CLI does ("flag.<code>"), from the one English table.
RED_FLAG_LABELS: Mapping[str, str] = MappingProxyType(
    {
        **{f"flag.{code}": text for code, text in RED_FLAGS.items()},
    }
)


def with_provenance(labels: Mapping[str, str]) -> dict[str, str]:
    """The sheet labels with these added (a key the caller already has wins)."""
    return {**PROVENANCE_LABELS, **RED_FLAG_LABELS, **labels}
