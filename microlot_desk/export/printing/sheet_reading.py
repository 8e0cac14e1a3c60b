"""Reading a provenance sheet someone hands the station back: the PDF the app wrote (its
marks, sheet_marks.py), a scanned PDF, or a photo of the printed page (its QR code, decoded with
zxing-cpp). Every input is untrusted: size-capped, images opened by the one set of rules
(sheet_images.opened_image), and anything unreadable refused with the reason."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from microlot_desk.errors import BadInputFile
from microlot_desk.export.printing.qr import parse_payload
from microlot_desk.export.printing.sheet_images import UnreadableImage, opened_image
from microlot_desk.export.printing.sheet_marks import SheetMarks, parse_marks
from microlot_desk.user_files import read_user_file

MAX_SHEET_BYTES = 64 * 1024 * 1024
MAX_PAGES = 20  # a scan of a sheet, not a book


def read_sheet(source: Path) -> SheetMarks:
    """The sheet's marks (a PDF of the app's) or its QR payload (a scan or photo);
    BadInputFile naming what is wrong."""
    data = read_user_file(source, max_bytes=MAX_SHEET_BYTES)
    if data.startswith(b"%PDF-"):
        return _from_pdf(str(source), data)
    return _from_picture(str(source), data)


def _from_pdf(source: str, data: bytes) -> SheetMarks:
    from pypdf import PdfReader

    # What pypdf logs about a broken file ("EOF marker not found") is not for the user: the
    # refusal below says it in words.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    # pypdf fails on a broken or hostile PDF in many ways (its own errors, ValueError,
    # ZeroDivisionError, NotImplementedError for a filter, a missing helper for JBIG2...):
    # each means this file cannot be read as a sheet.
    try:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        keywords = str(info.get("/Keywords") or "") if info is not None else ""
        marks = parse_marks(keywords)
        if marks is not None:
            return marks
        for page in reader.pages[:MAX_PAGES]:
            for image in page.images:
                found = _qr_in(image.data)
                if found is not None:
                    return found
    except Exception as error:
        raise BadInputFile(source=source, detail=f"not a readable PDF ({error})") from None
    raise BadInputFile(
        source=source, detail="no provenance-sheet data and no readable QR code in it"
    )


def _from_picture(source: str, data: bytes) -> SheetMarks:
    try:
        found = _qr_in(data, strict=True)
    except UnreadableImage as error:
        raise BadInputFile(
            source=source, detail=f"neither a PDF nor a picture that opens ({error})"
        ) from None
    if found is None:
        raise BadInputFile(source=source, detail="no microlot_desk QR code found in the picture")
    return found


def _qr_in(data: bytes, *, strict: bool = False) -> SheetMarks | None:
    """The first microlot_desk lot code in the picture; None when there is none (and, unless
    `strict`, when the bytes are not a picture this station opens)."""
    import zxingcpp

    try:
        with opened_image(data) as image:
            found = zxingcpp.read_barcodes(image.convert("L"))
    except UnreadableImage:
        if strict:
            raise
        return None
    for code in found:
        try:
            payload = parse_payload(code.text)
        except ValueError:
            continue
        if not payload.blind:
            return SheetMarks(payload, source="qr")
    return None
