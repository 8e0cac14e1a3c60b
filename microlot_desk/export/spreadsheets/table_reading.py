"""Reading a table of lots someone hands the station: a CSV (UTF-8, with or without a BOM;
comma, semicolon or tab) or the first worksheet of an XLSX, as text cells under a header row.

Untrusted: the file is size-capped, rows and columns are counted, XLSX is read with openpyxl's
read-only mode (formulas as their cached values, never run), and a cell that this app's own
export marked as text (a leading apostrophe before `= + - @`, cell_text.neutral_text) is read
back as the text it was. Numbers become their plain decimal text ("690", "10.8").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from microlot_desk.errors import BadInputFile, KnownError
from microlot_desk.export.spreadsheets.cell_text import FORMULA_STARTS
from microlot_desk.user_files import read_user_file

MAX_TABLE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000


@dataclass(frozen=True)
class TableRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]


def read_table(source: Path, kind: str) -> Table:
    """The header row and every non-empty row of the file ("csv" or "xlsx"); BadInputFile
    naming what is wrong."""
    data = read_user_file(source, max_bytes=MAX_TABLE_BYTES)
    found = _csv(str(source), data) if kind == "csv" else _xlsx(str(source), data)
    headers: tuple[str, ...] | None = None
    rows: list[TableRow] = []
    for number, cells in found:
        if len(cells) > MAX_COLUMNS:
            raise BadInputFile(
                source=str(source), detail=f"row {number} has over {MAX_COLUMNS} columns"
            )
        text = tuple(_read_back(c) for c in cells)
        if not any(text):
            continue
        if headers is None:
            headers = tuple(t.strip() for t in text)
            continue
        if len(rows) >= MAX_ROWS:
            raise BadInputFile(source=str(source), detail=f"more than {MAX_ROWS:,} rows")
        rows.append(TableRow(number, text))
    if headers is None:
        raise BadInputFile(source=str(source), detail="it is empty: no header row")
    return Table(headers, tuple(rows))


def _read_back(text: str) -> str:
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]  # our own export's mark: this was text
    return text


def _csv(source: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInputFile(source=source, detail=f"not UTF-8 text ({error.reason})") from None
    try:  # only the separator is guessed; quoting is the spreadsheets' own (doubled quotes)
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        raise BadInputFile(source=source, detail=f"line {reader.line_num}: {error}") from None


def _xlsx(source: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # openpyxl reports a broken part in whatever way its XML or number parser fails (XML
    # errors, ValueError, IndexError, KeyError...), while loading or while reading rows: any
    # of them means the same to the person importing.
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise BadInputFile(source=source, detail=f"not a readable XLSX file ({error})") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise BadInputFile(source=source, detail="it has no worksheet")
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise BadInputFile(source=source, detail=f"more than {MAX_ROWS:,} rows")
            yield number, [_cell_text(v) for v in values[: MAX_COLUMNS + 1]]
    except KnownError:
        raise
    except Exception as error:
        raise BadInputFile(source=source, detail=f"not a readable XLSX file ({error})") from None
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
