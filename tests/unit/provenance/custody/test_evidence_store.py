"""Evidence: files stored once by SHA-256 under DATA/evidence, written before the row; only
JPEG/PNG/WebP photos and PDF documents, checked; a photo's GPS read and checked against the
plot; a copy without GPS to share; thumbnails upright."""

from __future__ import annotations

import io
import struct
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from microlot_desk.domain.evidence import EvidenceKind, GpsFit, TargetType
from microlot_desk.domain.geo_input import parse_typed_polygon
from microlot_desk.domain.lots import Lot
from microlot_desk.errors import NotFound
from microlot_desk.export.demo.demo_files import demo_photo, demo_report_pdf
from microlot_desk.export.provenance.photo_files import read_gps
from microlot_desk.paths import AppPaths
from microlot_desk.services.provenance.evidence_service import EvidenceRefused, evidence_root
from microlot_desk.services.workspace.workspace import Workspace

# about 1.8 ha in Nariño
OUTLINE = (
    "1.605012, -77.130061; 1.605113, -77.128712; 1.606087, -77.128653; "
    "1.606203, -77.129492; 1.605941, -77.130118"
)


def test_a_file_is_stored_once_by_its_hash_under_the_data_folder(
    workspace: Workspace, lot: Lot
) -> None:
    pdf = demo_report_pdf(["Q report", "lot X"])
    first = workspace.evidence.attach(TargetType.LOT, lot.id, pdf, kind=EvidenceKind.Q_REPORT)
    again = workspace.evidence.attach(TargetType.LOT, lot.id, pdf, kind=EvidenceKind.DOCUMENT)
    root = evidence_root(workspace.path)
    assert root == AppPaths(workspace.path.parent).evidence
    stored = root / first.sha256[:2] / first.sha256
    assert stored.read_bytes() == pdf and first.sha256 == again.sha256
    assert [p for p in root.rglob("*") if p.is_file() and "derived" not in p.parts] == [stored]
    assert [a.id for a in workspace.evidence.of_lot(lot.id)] == [first.id, again.id]
    assert workspace.evidence.read(first.id) == pdf


def test_the_file_is_on_disk_before_the_row_and_a_failed_row_leaves_no_row(
    workspace: Workspace, lot: Lot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = demo_report_pdf(["written first"])
    repo = workspace.evidence._repo

    def fail(*_: object) -> None:
        assert workspace.evidence.store.exists(sha)  # the file is already there
        raise OSError("disk full")

    import hashlib

    sha = hashlib.sha256(pdf).hexdigest()
    monkeypatch.setattr(repo, "insert", fail)
    with pytest.raises(OSError):
        workspace.evidence.attach(TargetType.LOT, lot.id, pdf, kind=EvidenceKind.DOCUMENT)
    assert workspace.evidence.of_lot(lot.id) == ()


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"just some text", EvidenceKind.DOCUMENT, "unknown_type"),
        (b"II*\x00" + b"\x00" * 64, EvidenceKind.PHOTO, "unknown_type"),  # TIFF
        (b"", EvidenceKind.PHOTO, "empty"),
        (b"%PDF-1.4\n%%EOF", EvidenceKind.PORTRAIT, "wrong_kind"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", EvidenceKind.PHOTO, "unreadable_image"),
    ],
)
def test_files_that_are_not_acceptable_are_refused_and_nothing_is_stored(
    workspace: Workspace, lot: Lot, data: bytes, kind: EvidenceKind, reason: str
) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        workspace.evidence.attach(TargetType.LOT, lot.id, data, kind=kind)
    assert refused.value.params["reason"] == reason
    assert not evidence_root(workspace.path).exists()


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge picture (a decompression bomb's calling card)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_from_its_header(workspace: Workspace, lot: Lot) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        workspace.evidence.attach(
            TargetType.LOT, lot.id, _png_claiming(40_000, 40_000), kind=EvidenceKind.PHOTO
        )
    assert refused.value.params["reason"] == "unreadable_image"


def test_exif_gps_is_read_in_degrees_minutes_seconds_with_its_hemisphere() -> None:
    gps = read_gps(demo_photo((1, 2, 3), Decimal("-1.605612"), Decimal("-77.129434")))
    assert gps is not None
    assert abs(gps.lat - Decimal("-1.605612")) < Decimal("0.000001")
    assert abs(gps.lon - Decimal("-77.129434")) < Decimal("0.000001")
    assert read_gps(demo_photo((1, 2, 3))) is None


def test_a_plot_photo_is_checked_against_the_plot(workspace: Workspace, lot: Lot) -> None:
    plot = lot.plots[0]
    workspace.plots.set_location(lot.id, plot.id, parse_typed_polygon(OUTLINE))
    inside = workspace.evidence.attach(
        TargetType.PLOT,
        plot.id,
        demo_photo((9, 9, 9), Decimal("1.6056"), Decimal("-77.1294")),
        kind=EvidenceKind.PHOTO,
    )
    near = workspace.evidence.attach(
        TargetType.PLOT,
        plot.id,
        demo_photo((8, 9, 9), Decimal("1.6070"), Decimal("-77.1294")),
        kind=EvidenceKind.PHOTO,
    )
    far = workspace.evidence.attach(
        TargetType.PLOT,
        plot.id,
        demo_photo((7, 9, 9), Decimal("1.6300"), Decimal("-77.1294")),
        kind=EvidenceKind.PHOTO,
    )
    assert workspace.evidence.photo_position(inside.id).fit is GpsFit.INSIDE
    checked = workspace.evidence.photo_position(near.id)
    assert checked.fit is GpsFit.NEAR and 50 < (checked.distance_m or 0) < 150
    elsewhere = workspace.evidence.photo_position(far.id)
    assert elsewhere.fit is GpsFit.ELSEWHERE and (elsewhere.distance_m or 0) > 2500
    flags = [f.code for f in workspace.verdicts.assess(lot.id).red_flags]
    assert "plot_photo_elsewhere" in flags


def test_a_shared_photo_carries_no_gps_and_the_stored_one_is_unchanged(
    workspace: Workspace, lot: Lot
) -> None:
    data = demo_photo((50, 60, 70), Decimal("1.6056"), Decimal("-77.1294"))
    photo = workspace.evidence.attach(TargetType.LOT, lot.id, data, kind=EvidenceKind.PHOTO)
    shared = workspace.evidence.shareable(photo.id)
    assert read_gps(shared) is None
    with Image.open(io.BytesIO(shared)) as image:
        assert image.size == (96, 64)
        assert image.getexif().get(ExifTags.Base.Make) == "microlot_desk demo"
    assert workspace.evidence.read(photo.id) == data and read_gps(data) is not None


def test_thumbnails_are_upright(workspace: Workspace, lot: Lot) -> None:
    image = Image.new("RGB", (80, 40), (200, 10, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken with the phone turned: shown rotated 90°
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    photo = workspace.evidence.attach(
        TargetType.LOT, lot.id, out.getvalue(), kind=EvidenceKind.PHOTO
    )
    with Image.open(io.BytesIO(workspace.evidence.thumbnail(photo.id))) as thumb:
        assert thumb.height > thumb.width


def test_db_check_reports_a_damaged_evidence_file(workspace: Workspace, lot: Lot) -> None:
    pdf = demo_report_pdf(["to be damaged"])
    doc = workspace.evidence.attach(TargetType.LOT, lot.id, pdf, kind=EvidenceKind.DOCUMENT)
    path = workspace.evidence.store.path(doc.sha256)
    path.write_bytes(pdf + b"tampered")
    assert [(p.code, p.values["sha256"]) for p in workspace.check_records()] == [
        ("evidence_damaged", doc.sha256)
    ]
    path.unlink()
    assert workspace.check_records()[0].code == "evidence_missing"


def test_attaching_to_an_unknown_target_is_refused(workspace: Workspace) -> None:
    with pytest.raises(NotFound):
        workspace.evidence.attach(
            TargetType.PLOT, "no-such-plot", demo_photo((1, 1, 1)), kind=EvidenceKind.PHOTO
        )


@pytest.mark.parametrize("planted", ["a copy elsewhere", "/dev/zero"])
def test_db_check_does_not_follow_a_link_planted_in_the_evidence_store(
    workspace: Workspace, lot: Lot, tmp_path: Path, planted: str
) -> None:
    """A link in place of a stored file is not the app's file: reported damaged, never read
    (a link to /dev/zero would otherwise be hashed for ever)."""
    pdf = demo_report_pdf(["replaced by a link"])
    doc = workspace.evidence.attach(TargetType.LOT, lot.id, pdf, kind=EvidenceKind.DOCUMENT)
    path = workspace.evidence.store.path(doc.sha256)
    target = Path(planted) if planted.startswith("/") else tmp_path / "same-bytes.pdf"
    if not planted.startswith("/"):
        target.write_bytes(pdf)  # even the right bytes: a link can be changed under the app
    path.unlink()
    path.symlink_to(target)
    assert [(p.code, p.values["sha256"]) for p in workspace.check_records()] == [
        ("evidence_damaged", doc.sha256)
    ]
