"""Evidence files for the demo data, made in code (no binary files in the repository): small
JPEG photos with an EXIF GPS position, and a one-page PDF Q-grader report. The same input gives
the same bytes, so the demo's files have stable SHA-256s."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction

from PIL import ExifTags, Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def _dms(value: Decimal) -> tuple[float, float, float]:
    magnitude = abs(Fraction(str(value)))
    degrees = int(magnitude)
    minutes_f = (magnitude - degrees) * 60
    minutes = int(minutes_f)
    seconds = (minutes_f - minutes) * 60
    return float(degrees), float(minutes), round(float(seconds), 4)


def demo_photo(
    colour: tuple[int, int, int], lat: Decimal | None = None, lon: Decimal | None = None
) -> bytes:
    """A 96 x 64 JPEG in `colour` with a simple horizon, carrying `lat, lon` as EXIF GPS."""
    image = Image.new("RGB", (96, 64), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 40, 95, 63), fill=(70, 110, 50))
    draw.ellipse((66, 6, 84, 24), fill=(250, 230, 150))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "microlot_desk demo"
    if lat is not None and lon is not None:
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N" if lat >= 0 else "S",
            ExifTags.GPS.GPSLatitude: _dms(lat),
            ExifTags.GPS.GPSLongitudeRef: "E" if lon >= 0 else "W",
            ExifTags.GPS.GPSLongitude: _dms(lon),
        }
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


def demo_report_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines (standard font: demo paper, not a sheet we print)."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1, pageCompression=0)
    page.setTitle(lines[0] if lines else "Report")
    y = A4[1] - 72
    for number, line in enumerate(lines):
        page.setFont("Helvetica-Bold" if number == 0 else "Helvetica", 14 if number == 0 else 10)
        page.drawString(72, y, line)
        y -= 22 if number == 0 else 15
    page.showPage()
    page.save()
    return out.getvalue()
