"""The lot editor's tabs of issue 5 (plots, custody, evidence, verdict), built with the editor
on first use, in the order of the lot's screens in DESIGN.md: origin, custody, cupping,
evidence, verdict."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from microlot_desk.services.workspace.workspace import Workspace
from microlot_desk.ui.common.texts import tr
from microlot_desk.ui.provenance.custody_view import CustodyView
from microlot_desk.ui.provenance.evidence_view import EvidenceView
from microlot_desk.ui.provenance.plot_view import PlotView
from microlot_desk.ui.provenance.verdict_view import VerdictView

Tab = tuple[str, QWidget]


def provenance_views(
    workspace: Workspace,
    parent: QWidget,
    cupping: Tab,
    changed: Callable[[str], None],
) -> list[Tab]:
    """The tabs, the cupping tab in its place; `changed(lot_id)` is called after any of them
    recorded something (the list's verdict column, a new sub-lot)."""
    plots = PlotView(workspace.lots, workspace.plots, parent)
    custody = CustodyView(workspace.lots, workspace.custody, workspace.lineage, parent)
    evidence = EvidenceView(
        workspace.lots,
        workspace.custody,
        workspace.evidence,
        lambda: workspace.verdicts.settings().photo_distance_m,
        parent,
    )
    verdict = VerdictView(workspace.verdicts, parent)
    for view in (plots, custody, evidence):
        view.records_changed.connect(changed)
    return [
        (tr("Plots", "LotEditor"), plots),
        (tr("Custody", "LotEditor"), custody),
        cupping,
        (tr("Evidence", "LotEditor"), evidence),
        (tr("Verdict", "LotEditor"), verdict),
    ]
