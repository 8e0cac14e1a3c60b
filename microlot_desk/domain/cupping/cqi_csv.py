"""Reading a CQI-style CSV (the sheet labs keep from Q-grading certificates) into records,
treating every byte as untrusted: size and count caps, UTF-8 (a leading BOM is dropped) or
UTF-16, separated by commas, semicolons or tabs; a cell with an undecodable byte or too many
characters is reported by row and column and its row skipped, a line the csv module cannot
parse is reported and skipped.

Rows are numbered from 1 for the first record after the header, counting records (a quoted
cell may span lines), blank ones included, as a spreadsheet would number them.

Column names are matched on their letters and digits only, ignoring case: labs keep the R
export's `Clean.Cup`, the certificate's `Clean Cup` or a script's `clean_cup`, and they are the
same column. Which columns a file must have is decided from its header (arabica or robusta).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1000
# What surrogateescape decoding leaves for a byte that is not UTF-8.
_UNDECODED = re.compile("[\udc80-\udcff]")


class CsvFileError(ValueError):
    """The file as a whole cannot be read: `reason` is too_large, too_many_rows, no_header,
    too_many_columns, duplicate_columns, missing_columns or bad_utf16; `detail` the limit,
    the columns or the byte where UTF-16 broke."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class CellError:
    """One unreadable cell (column "" when the row as a whole could not be read)."""

    row: int
    column: str
    reason: str
    value: str = ""


@dataclass(frozen=True)
class Record:
    """A data row: its number and its cells by column name (stripped)."""

    row: int
    cells: dict[str, str]


def column_key(name: str) -> str:
    """What a column name is matched on: `Clean.Cup`, `Clean Cup` and `clean_cup` agree."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


@dataclass(frozen=True)
class Columns:
    """The columns a file must have and the ones read, by their canonical names; `aliases`
    maps the column_key of another spelling (`uniformity`) to a canonical name."""

    required: tuple[str, ...]
    used: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        key = column_key(name)
        if key in self.aliases:
            return self.aliases[key]
        return next((used for used in self.used if column_key(used) == key), name)


def read_records(
    data: bytes, choose: Callable[[list[str]], Columns]
) -> tuple[Columns, Iterator[Record | CellError]]:
    """The columns chosen for the file's header, and an iterator over its data rows in order:
    a Record (cells of the used columns, by canonical name) for each readable row, a CellError
    for each problem of a row that cannot be read (its row skipped). Cells of other columns are
    neither checked nor kept. Rows are made as they are read, so a caller that keeps only what
    it needs holds little more than the file.

    Raises CsvFileError when the file itself is unusable: too large, not UTF-8 or UTF-16, no
    header, a required column missing, or a known column named twice (in any spelling); the
    iterator raises it (too_many_rows) at the row past the cap.
    """
    if len(data) > MAX_BYTES:
        raise CsvFileError("too_large", str(MAX_BYTES))
    stream = _text_stream(data)
    first = _line(stream)
    if not first:
        raise CsvFileError("no_header")
    reader = csv.reader(itertools.chain([first], stream), delimiter=_delimiter(first))
    columns, header = _header(reader, choose)
    return columns, _records(reader, header, set(columns.used), columns.used)


def _line(stream: io.TextIOWrapper) -> str:
    try:
        return stream.readline()
    except UnicodeDecodeError as error:
        raise CsvFileError("bad_utf16", str(error.start)) from None


def _records(
    reader: Iterator[list[str]], header: list[str], used: set[str], order: tuple[str, ...]
) -> Iterator[Record | CellError]:
    try:
        yield from _checked_records(reader, header, used, order)
    except UnicodeDecodeError as error:  # a UTF-16 file cut short or damaged
        raise CsvFileError("bad_utf16", str(error.start)) from None


def _checked_records(
    reader: Iterator[list[str]], header: list[str], used: set[str], order: tuple[str, ...]
) -> Iterator[Record | CellError]:
    for row, cells in _rows(reader):
        if row > MAX_ROWS:
            raise CsvFileError("too_many_rows", str(MAX_ROWS))
        if cells is None:
            yield CellError(row, "", "unreadable_row")
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is not data, and not an error
        problems = _cell_problems(row, header, cells, used)
        if problems:
            yield from problems
            continue
        kept = {name: cells[i].strip() for i, name in enumerate(header[: len(cells)])}
        yield Record(row, {name: kept.get(name, "") for name in order})


def _text_stream(data: bytes) -> io.TextIOWrapper:
    """The file's text, decoded as it is read (no second copy of a large file). UTF-8 (a
    leading BOM dropped; a byte that is not UTF-8 is kept as a surrogate, so its cell is
    reported), or UTF-16 as Excel's "Unicode text" saves it (told by its BOM, or by the zero
    bytes ASCII leaves in every other place), which must decode whole."""
    encoding = _utf16_kind(data)
    if encoding is None:
        return io.TextIOWrapper(
            io.BytesIO(data), encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def _utf16_kind(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the BOM says which byte order
    sample = data[:512]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _delimiter(first: str) -> str:
    """Comma, or what the header line is plainly split by: a semicolon (spreadsheets where the
    comma is the decimal mark) or a tab (Excel's "Unicode text")."""
    counts = {mark: first.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] > counts[","] else ","


def _header(
    reader: Iterator[list[str]], choose: Callable[[list[str]], Columns]
) -> tuple[Columns, list[str]]:
    try:
        first = next(reader)
    except (StopIteration, csv.Error):
        raise CsvFileError("no_header") from None
    if len(first) > MAX_COLUMNS:
        raise CsvFileError("too_many_columns", str(MAX_COLUMNS))
    cleaned = [_clean_name(name) for name in first]
    columns = choose(cleaned)
    header = [columns.canonical(name) if name else "" for name in cleaned]
    missing = [name for name in columns.required if name not in header]
    if missing:
        raise CsvFileError("missing_columns", ", ".join(missing))
    named = [name for name in header if name]
    twice = sorted({name for name in named if named.count(name) > 1})
    if twice:
        raise CsvFileError("duplicate_columns", ", ".join(twice))
    return columns, header


def _clean_name(name: str) -> str:
    if _UNDECODED.search(name) or len(name) > MAX_CELL_CHARS:
        return ""  # an unreadable column name cannot match a known column
    return name.strip()


def _rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str] | None]]:
    row = 0
    while True:
        row += 1
        try:
            yield row, next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield row, None


def _cell_problems(
    row: int, header: list[str], cells: list[str], used: set[str]
) -> list[CellError]:
    problems: list[CellError] = []
    extra = cells[len(header) :]
    if any(cell.strip() for cell in extra):
        problems.append(CellError(row, "", "too_many_cells", str(len(cells))))
    for index, cell in enumerate(cells[: len(header)]):
        column = header[index]
        if column not in used:
            continue
        if _UNDECODED.search(cell):
            problems.append(CellError(row, column, "not_utf8"))
        elif len(cell) > MAX_CELL_CHARS:
            problems.append(CellError(row, column, "too_long", str(MAX_CELL_CHARS)))
    return problems
