"""Reading a CQI-style CSV (the sheet labs keep from Q-grading certificates) into records,
treating every byte as untrusted: size and count caps, UTF-8 only (a leading BOM is dropped),
a cell with an undecodable byte or too many characters is reported by row and column and its
row skipped, a line the csv module cannot parse is reported and skipped.

Rows are numbered from 1 for the first record after the header, counting records (a quoted
cell may span lines), blank ones included, as a spreadsheet would number them.

Column names are matched on their letters and digits only, ignoring case: labs keep the R
export's `Clean.Cup`, the certificate's `Clean Cup` or a script's `clean_cup`, and they are the
same column. Which columns a file must have is decided from its header (arabica or robusta).
"""

from __future__ import annotations

import csv
import io
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
    too_many_columns, duplicate_columns or missing_columns; `detail` the limit or columns."""

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
) -> tuple[Columns, list[Record], list[CellError]]:
    """The columns chosen for the file's header, every data record of the file (cells of the
    used columns, by canonical name), and every row that could not be read. Cells of other
    columns are neither checked nor kept.

    Raises CsvFileError when the file itself is unusable: too large, no header, a required
    column missing, or a known column named twice (in any spelling).
    """
    if len(data) > MAX_BYTES:
        raise CsvFileError("too_large", str(MAX_BYTES))
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    columns, header = _header(reader, choose)
    used = set(columns.used)
    records: list[Record] = []
    errors: list[CellError] = []
    for row, cells in _rows(reader):
        if row > MAX_ROWS:
            raise CsvFileError("too_many_rows", str(MAX_ROWS))
        if cells is None:
            errors.append(CellError(row, "", "unreadable_row"))
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is not data, and not an error
        problem = _cell_problems(row, header, cells, used)
        if problem:
            errors.extend(problem)
            continue
        kept = {name: cells[i].strip() for i, name in enumerate(header[: len(cells)])}
        records.append(Record(row, {name: kept.get(name, "") for name in columns.used}))
    return columns, records, errors


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
