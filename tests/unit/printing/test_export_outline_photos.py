"""Plot geometry (untrusted: it will arrive in bundles) is drawn when sane and refused when not;
photos are opened only in allowed formats, within a pixel budget, and printed upright."""

from __future__ import annotations

import dataclasses
import io
import math
import struct
import zlib
from typing import Any

import pytest
from pdf_probe import pypdf_text, squeeze
from PIL import Image
from reportlab.graphics.shapes import Circle, Polygon, String
from sheet_samples import POINT, POLYGON, full_lot, full_sheet, picture, plain_sheet

from microlot_desk.domain.lots import Plot
from microlot_desk.export.printing.pdf_fonts import ensure_fonts
from microlot_desk.export.printing.pdf_text import TextWriter
from microlot_desk.export.printing.plot_outline import MAX_POSITIONS, outline_drawing, read_geometry
from microlot_desk.export.printing.provenance_sheet import build_sheet
from microlot_desk.export.printing.sheet_data import SheetPhoto
from microlot_desk.export.printing.sheet_images import UnreadableImage, make_thumbnail


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        {},
        {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
        {"type": "Point", "coordinates": [1.6, -77.2, 3, 4]},
        {"type": "Point", "coordinates": [181, 0]},
        {"type": "Point", "coordinates": [0, 91]},
        {"type": "Point", "coordinates": [float("nan"), 0]},
        {"type": "Point", "coordinates": [True, 0]},
        {"type": "Point", "coordinates": ["1", "2"]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]},
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], "x"]},
        {"type": "MultiPoint", "coordinates": [[0, 0]] * (MAX_POSITIONS + 1)},
    ],
)
def test_bad_geometry_is_refused(geometry: Any) -> None:
    assert read_geometry(geometry) is None


def test_polygon_is_drawn_to_scale_with_a_round_scale_bar() -> None:
    ensure_fonts()
    geometry = read_geometry(POLYGON)
    assert geometry is not None and geometry.kind == "Polygon"
    drawing = outline_drawing(geometry, None, 170, 110, TextWriter(), "N")
    polygons = [s for s in drawing.contents if isinstance(s, Polygon)]
    assert len(polygons) == 2  # the plot and the north arrow
    labels = [s.text for s in drawing.contents if isinstance(s, String)]
    assert "200 m" in labels and "N" in labels
    xs = polygons[0].points[0::2]
    assert max(xs) <= 170 and min(xs) >= 0


def test_point_with_area_gets_a_circle_of_that_area() -> None:
    ensure_fonts()
    geometry = read_geometry(POINT)
    assert geometry is not None
    drawing = outline_drawing(geometry, None, 170, 110, TextWriter(), "N")
    with_area = outline_drawing(geometry, 4, 170, 110, TextWriter(), "N")  # type: ignore[arg-type]
    circles = [s for s in with_area.contents if isinstance(s, Circle)]
    assert len(circles) == 2 and len([s for s in drawing.contents if isinstance(s, Circle)]) == 1
    scale_text = next(s.text for s in with_area.contents if isinstance(s, String) and "m" in s.text)
    assert scale_text in {"50 m", "100 m"}  # 4 ha is a circle of 113 m radius
    assert math.isclose(circles[0].r * 2 / (with_area.width - 20), 1, abs_tol=0.6)


def test_sheet_prints_coordinates_and_says_when_geometry_is_unreadable() -> None:
    plots = (
        Plot("a", "Lote Alto 3", 2150, None, POLYGON),
        Plot("b", "Roto", 2000, None, {"type": "Point", "coordinates": [200, 95]}),
    )
    text = pypdf_text(build_sheet(plain_sheet(full_lot(plots=plots))).pdf)
    assert "1.611795, -77.280119 (centre of a 4-point polygon)" in text
    assert "The plot's geometry could not be drawn" in text


def test_decimal_comma_is_used_for_numbers_when_asked() -> None:
    data = full_sheet()
    data = dataclasses.replace(
        data, formats=dataclasses.replace(data.formats, decimal_point=","), photos=()
    )
    text = pypdf_text(build_sheet(data).pdf)
    assert "10,8 %" in text and "1,8 ha" in text and "1,611795, -77,280119" in text


def test_exif_orientation_is_applied_before_thumbnailing() -> None:
    landscape_stored = picture(300, 200, orientation=6)  # shown rotated: 200 wide, 300 high
    thumb = make_thumbnail(landscape_stored, 150)
    assert (thumb.width_px, thumb.height_px) == (100, 150)
    image = Image.open(io.BytesIO(thumb.jpeg))
    top, bottom = image.getpixel((50, 10)), image.getpixel((50, 140))
    assert sum(top) < sum(bottom)  # the dark left half of the stored picture is now on top


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "data",
    [
        _png_header_only(20_000, 20_000),  # 400 megapixels: a decompression bomb
        _png_header_only(12_000, 8_000),  # 96 MP: Pillow would only warn
        picture(50, 50, fmt="GIF"),
        picture(50, 50, fmt="BMP"),
        b"not an image",
        b"",
    ],
)
def test_unsafe_or_unexpected_pictures_are_refused(data: bytes) -> None:
    with pytest.raises(UnreadableImage):
        make_thumbnail(data, 200)


def test_an_unreadable_photo_is_named_on_the_sheet_not_fatal() -> None:
    data = dataclasses.replace(
        full_sheet(), photos=(SheetPhoto(b"junk", "Broken"), SheetPhoto(picture(80, 60), "Fine"))
    )
    text = squeeze(pypdf_text(build_sheet(data).pdf))
    assert squeeze("This photo could not be read Broken Fine") in text
