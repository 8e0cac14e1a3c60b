"""A table (headers and rows of text, numbers, dates or nothing) as a CSV or an XLSX file.

Text passes through neutral_text; numbers (Decimal, int) stay numbers (XLSX numeric cells; CSV
with a dot, as the column headers say); dates are ISO dates. CSV is UTF-8 with a byte-order mark
so Excel reads accents and Ethiopic right; XLSX is built in openpyxl's write-only mode. Both go
to a temporary file renamed into place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from microlot_desk.atomic_files import atomic_output, write_atomic
from microlot_desk.export.spreadsheets.cell_text import neutral_text

Cell = str | Decimal | int | date | None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"  # the digits as recorded, never 1E+3
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutral_text(value)


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """The table as CSV; how many rows were written."""
    count = 0
    with atomic_output(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow([neutral_text(h) for h in headers])
        for row in rows:
            writer.writerow([_text(v) for v in row])
            count += 1
        text.flush()
        text.detach()
    return count


def write_xlsx(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str
) -> int:
    """The table as one XLSX worksheet named `sheet`; how many rows were written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet[:31])
    worksheet.append([neutral_text(h) for h in headers])
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(worksheet, value=neutral_text(value))
                cell.data_type = "s"  # never a formula, whatever openpyxl would guess
            elif isinstance(value, date):
                cell = WriteOnlyCell(worksheet, value=value)
                cell.number_format = "yyyy-mm-dd"
            else:
                cell = WriteOnlyCell(worksheet, value=value)
            cells.append(cell)
        worksheet.append(cells)
        count += 1
    # Made in memory, then written by us: a full disk is then our own write failing, told as
    # such, never openpyxl's half-closed stream (a spreadsheet of lots is small).
    made = io.BytesIO()
    book.save(made)
    write_atomic(path, made.getvalue())
    return count
