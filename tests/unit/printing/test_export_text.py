"""Nothing the user typed is markup, every script prints in a font that has it, and what no
bundled font has prints as a visible [?] with a warning — checked in the PDF, not in the markup."""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_probe import pypdf_text, squeeze
from pypdf import PdfReader
from sheet_samples import MARKUP_NAME, full_lot, plain_sheet

from microlot_desk.domain.lots import Producer
from microlot_desk.export.printing.pdf_fonts import FACES, ensure_fonts, script_runs
from microlot_desk.export.printing.pdf_text import TextWriter
from microlot_desk.export.printing.provenance_sheet import build_sheet
from microlot_desk.paths import resources_dir


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    ensure_fonts()


def test_runs_switch_font_per_script_and_keep_spaces_in_the_current_run() -> None:
    runs = list(script_runs("José 李明华 ኮንጋ (2026)"))
    assert [(run.face.regular if run.face else None, run.text) for run in runs] == [
        (FACES[0].regular, "José "),
        (FACES[3].regular, "李明华 "),
        (FACES[1].regular, "ኮንጋ "),
        (FACES[0].regular, "(2026)"),
    ]


def test_markup_escapes_every_markup_character() -> None:
    markup = TextWriter().markup("a<b>&\"'c</b>")
    assert "<b>" not in markup and "&amp;" in markup and "&lt;b&gt;" in markup


def test_uncovered_characters_print_as_a_marker_and_are_reported() -> None:
    writer = TextWriter()
    markup = writer.markup("Café 𓀀𓀁 ab 𓀀")  # Egyptian hieroglyphs: no bundled font has them
    assert markup.count("[?]") == 2  # one marker per run, not per character
    assert len(writer.warnings) == 1
    assert writer.warnings[0].characters == "𓀀𓀁"
    assert writer.warnings[0].code_points == "U+13000 U+13001"


def test_an_emoji_no_font_has_prints_as_its_name_without_a_warning() -> None:
    writer = TextWriter()
    markup = writer.markup("Cupped with ☕☕, picked by 👩‍🌾")
    assert "[hot beverage][hot beverage]" in markup and "[woman]" in markup
    assert "[?]" not in markup and writer.warnings == []


def _lot_named(name: str, **more: object) -> object:
    return full_lot(
        name=name,
        producer=Producer("p", name, country="CO"),
        farm=name,
        story=f"{name}\n{name}",
        **more,
    )


def test_the_markup_lot_prints_literally_and_embeds_no_image() -> None:
    lot = _lot_named(MARKUP_NAME, plots=())
    result = build_sheet(plain_sheet(lot))  # type: ignore[arg-type]
    text = pypdf_text(result.pdf)
    assert squeeze(MARKUP_NAME) in squeeze(text)
    assert text.count("/etc/passwd") >= 4  # name, producer, farm, story: every one literal
    reader = PdfReader(io.BytesIO(result.pdf))
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
        assert images == []
    assert result.warnings == ()


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """Every file Python opens while the fixture is active (audit hooks cannot be removed, so
    the hook records only while the list is marked active)."""
    seen: list[str] = []
    state = {"active": True}

    def hook(event: str, args: tuple[object, ...]) -> None:
        if state["active"] and event == "open" and isinstance(args[0], str | Path):
            seen.append(str(args[0]))

    sys.addaudithook(hook)
    yield seen
    state["active"] = False


def test_building_reads_no_file_outside_the_apps_resources(opened_files: list[str]) -> None:
    lot = _lot_named('<img src="/etc/passwd"/><img src="file:///etc/hostname"/>')
    build_sheet(plain_sheet(lot))  # type: ignore[arg-type]
    allowed = [resources_dir(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()]
    outside = [
        p for p in opened_files if not any(Path(p).resolve().is_relative_to(a) for a in allowed)
    ]
    assert outside == []


def test_decomposed_accents_print_composed() -> None:
    decomposed = "Jose\u0301 Nun\u0303ez"
    result = build_sheet(plain_sheet(_lot_named(decomposed)))  # type: ignore[arg-type]
    assert "José Nuñez" in pypdf_text(result.pdf)


def test_a_name_no_font_covers_prints_a_marker_and_warns() -> None:
    lot = dataclasses.replace(full_lot(), name="Finca 𓀀 ☕")
    result = build_sheet(plain_sheet(lot))
    assert "Finca [?] [hot beverage]" in pypdf_text(result.pdf)
    assert [w.text for w in result.warnings] == ["Finca 𓀀 ☕"]
