"""Tables of units: one row per unit, one column per piece of data (CSV, xlsx, DataFrames).

The column convention is the data file's, flattened: a header names a data key (an input, a survey,
an indicator's code, a reserved key), and a dot walks into a table, so ``B24.项目1`` is item 项目1 of
B24, ``C11.score`` its judged score, ``满意度.总体.满意`` a survey count and ``调整.B12.reason`` an
override's reason. A unit in the header (``全年预算数（万元）``) is kept apart from the name, full-width
punctuation reads as ASCII, an empty cell is missing, and a cell under 不适用 / 一票否决 lists codes
or veto names separated by 、 , ， ; or ；. A row whose first cell is 填写说明 is a description row (the
data template's row 2, saying what each column holds) and is skipped.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import decimal
import importlib
import io
import itertools
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .errors import DataError, DataProblem
from .messages import Message, Term, msg, quoted
from .numbers import is_missing

#: Data keys whose value is a list (codes or veto names), written in one cell.
LISTS = frozenset({"not_applicable", "不适用", "vetoes", "一票否决"})
_LIST_SEPARATORS = re.compile(r"[、,，;；]")
_UNIT = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<unit>[^()\[\]]*)[)\]]$")
_SNIFF_BYTES = 64 * 1024
#: What a byte that is not text in the file's encoding decodes to (errors="surrogateescape").
_NOT_TEXT = re.compile("[\udc80-\udcff]")
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030/GBK", "utf-16": "UTF-16"}
#: The first cell of a description row, which is not a unit (``perfscore template --data`` writes it in row 2).
DESCRIPTION = "填写说明"


def _describes(first: Any) -> bool:
    return isinstance(first, str) and first.strip() == DESCRIPTION


@attrs.frozen
class Column:
    """One column: its header as written, the data key path it fills, and the unit its header gives."""

    header: str
    path: tuple[str, ...]
    unit: str | None = None

    @classmethod
    def of(cls, header: object) -> Column:
        written = "" if header is None else str(header)
        text = unicodedata.normalize("NFKC", written).strip()  # （万元） → (万元), ．→ .
        unit = None
        found = _UNIT.match(text)
        if found and found.group("name"):
            text, unit = found.group("name").strip(), found.group("unit").strip() or None
        return cls(written, tuple(part.strip() for part in text.split(".")), unit)

    @property
    def key(self) -> str:
        return ".".join(self.path)


@attrs.frozen
class Row:
    """One unit's cells, with its row number as the spreadsheet shows it (the header is row 1)."""

    number: int
    cells: tuple[Any, ...]
    #: Cells that could not be read (column index, why), e.g. a formula without a saved value: the row is
    #: reported and not scored, and the other rows are. (None, why): the row as a whole.
    problems: tuple[tuple[int | None, Message | str], ...] = ()


class Table:
    """A table of units read lazily: ``rows()`` streams, so a file of a million rows is never held whole."""

    def __init__(self, name: str, columns: Sequence[Column], rows: Iterable[Row], sheet: str | None = None) -> None:
        self.name, self.sheet, self.columns = name, sheet, tuple(columns)
        self._rows = rows
        problems = [DataProblem(msg("table.no-header", column=quoted(c.header), where=_place(self, None)))
                    for c in self.columns if not c.key]  # fmt: skip
        seen: dict[str, Column] = {}
        for c in self.columns:
            if c.key in seen:
                problems.append(DataProblem(msg("table.same-key", first=quoted(seen[c.key].header), second=quoted(c.header),
                                                where=_place(self, None), key=c.key)))  # fmt: skip
            seen.setdefault(c.key, c)
        for c in self.columns:  # `B24` and `B24.项目1` cannot both be given: one value or a table of items
            for k in range(1, len(c.path)):
                parent = ".".join(c.path[:k])
                if parent in seen:
                    problems.append(DataProblem(msg("table.part-and-whole", column=quoted(c.header), parent=parent,
                                                    whole=quoted(seen[parent].header), where=_place(self, None))))
        if problems:
            raise DataError(problems)

    def rows(self) -> Iterator[Row]:
        return iter(self._rows)

    def raw_chunks(self, size: int) -> tuple[CsvText, Iterator[RawRows]] | None:
        """For a CSV file: how to read its records, and the records' text in chunks of ``size`` (read instead of
        :meth:`rows`, for worker processes to read them); None for any other table."""
        rows = self._rows
        if not isinstance(rows, _CsvRows):
            return None
        if rows._used:
            raise DataError([DataProblem(msg("table.read-twice"))])
        rows._used = True
        return rows.text, rows.chunks(size)

    def with_columns(self, columns: Sequence[Column]) -> Table:
        """The same rows under other columns (headers read against a rubric); the rows are not read."""
        return Table(self.name, columns, self._rows, self.sheet)

    def where(self, row: int | None, column: Column | None = None) -> str:
        """``sheet 项目, row 7, column 全年预算数（万元）``: where a problem is, as the user finds it."""
        return _place(self, row, column).en


def _place(table: Table, row: int | None, column: Column | None = None) -> Term:
    """Where in a table, in both languages: ``sheet 项目, row 7`` / ``工作表 项目，第 7 行``."""
    parts: list[Message | str] = [msg("row.sheet", sheet=table.sheet)] if table.sheet else [table.name]
    if row is not None:
        parts.append(msg("row.row", row=row))
    if column is not None:
        parts.append(msg("row.column", column=column.header))
    zh, en = ("，".join(p if isinstance(p, str) else p.render(lang) for p in parts) for lang in ("zh", "en"))
    return Term(zh, en)


def unit_data(table: Table, row: Row, skip: frozenset[int] = frozenset()) -> dict[str, Any]:
    """A row as unit data: nested tables by the dotted headers; empty cells left out (missing)."""
    return row_data(table.columns, skip, row.cells)


def row_data(columns: Sequence[Column], skip: frozenset[int], cells: Sequence[Any]) -> dict[str, Any]:
    """:func:`unit_data` from the columns and the cells alone (what a worker process is sent)."""
    data: dict[str, Any] = {}
    for index, (column, value) in enumerate(zip(columns, cells)):
        if index in skip or value is EMPTY:
            continue
        if column.path[0] in LISTS and isinstance(value, str):
            value = [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]
        elif column.unit in _PERCENT_UNITS:
            value = _in_percent(value, column.unit)
        target = data
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target[column.path[-1]] = value
    return data


#: A header's unit that makes its column's bare numbers percentages: 满意度（%） with 95.5 is 95.5%, as written.
_PERCENT_UNITS = ("%", "‰")
_BARE_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _in_percent(value: Any, unit: str) -> Any:
    """A cell of a column whose header gives % (or ‰): a bare number is in that unit (95.5 → "95.5%"); text,
    a percentage cell already read as one ("95.5%") and anything else stay as they are."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        shortest = repr(float(value)) if isinstance(value, float) else str(value)  # numpy floats repr otherwise
        return shortest + unit
    if isinstance(value, str) and _BARE_NUMBER.fullmatch(value.strip()):
        return value.strip() + unit
    return value


class _Empty:
    def __repr__(self) -> str:
        return "<empty>"

    def __reduce__(self) -> str:
        return "EMPTY"  # unpickled as the one EMPTY, in a worker process too (cells are compared with `is`)


#: An empty cell: its key is left out of the unit's data, so the rubric reports it missing by name.
EMPTY: Any = _Empty()


def read_table(source: str | os.PathLike[str] | Any, *, sheet: str | None = None) -> Table:
    """A table of units from a CSV or xlsx file, a pandas or polars DataFrame, or rows as mappings of column
    headers to cells (``list(csv.DictReader(f))``, a JSON array of records).

    CSV may be UTF-8 (with or without BOM), GB18030/GBK as Excel in China saves it, or UTF-16 (Excel's
    "Unicode text", tab-separated). In xlsx, a percentage cell reads as the rate it shows (``95.5%``)
    and a formula cell as its cached value; ``sheet`` chooses the sheet (else the first with data).
    """
    if not isinstance(source, (str, os.PathLike)):
        return _frame(source)
    path = Path(source)
    if not path.is_file():
        raise DataError([DataProblem(msg("table.no-file" if not path.exists() else "table.not-a-file", path=path))])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet)
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv(path)
    if suffix == ".xls":  # still common in government offices
        raise DataError([DataProblem(msg("table.xls", path=path))])
    raise DataError([DataProblem(msg("table.suffix", path=path, suffix=suffix or msg("table.no-extension")))])


# ------------------------------------------------------------------ CSV


def _csv(path: Path) -> Table:
    with path.open("rb") as file:
        head = file.read(_SNIFF_BYTES)
    encoding = _encoding(head, path)
    try:  # the header now; the rows when they are read, from a file opened for just that
        with path.open("r", encoding=encoding, errors="strict", newline="") as stream:
            sample = stream.read(_SNIFF_BYTES // 4)
            first = sample.splitlines()[0] if sample else ""
            delimiter = max(",\t;", key=first.count) if first else ","
            stream.seek(0)
            header = next(csv.reader(stream, delimiter=delimiter), None)
    except UnicodeDecodeError:
        raise DataError([DataProblem(msg("table.not-utf8-or-gb", path=path))]) from None
    except csv.Error as exc:
        raise DataError([DataProblem(msg("table.csv-error", path=path, row=1, error=exc))]) from None
    if not header:
        raise DataError([DataProblem(msg("table.empty", path=path))])
    columns = [Column.of(h) for h in header]
    text = CsvText(str(path), delimiter, encoding, len(columns))

    def records() -> Iterator[list[str]]:
        # Bytes that are not text in the encoding become lone surrogates, found in their row and cell: that row
        # is reported, and the others are read (a strict decoder would stop the run, several rows early).
        with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as stream:
            yield from csv.reader(stream, delimiter=delimiter)

    def chunks(size: int) -> Iterator[RawRows]:
        with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as stream:
            lines: list[str] = []

            def kept() -> Iterator[str]:  # the csv module finds where a record ends; its lines are kept as read
                for line in stream:
                    lines.append(line)
                    yield line

            reader, number, first = csv.reader(kept(), delimiter=delimiter), 1, 2
            try:
                next(reader, None)
                lines.clear()
                for _ in reader:
                    number += 1
                    if number - first + 1 == size:
                        yield RawRows(first, "".join(lines))
                        lines.clear()
                        first = number + 1
            except csv.Error as exc:
                raise DataError([DataProblem(msg("table.csv-error", path=path, row=number + 1, error=exc))]) from None
            if lines:
                yield RawRows(first, "".join(lines))

    return Table(str(path), columns, _CsvRows(text, records, chunks))


@attrs.frozen
class RawRows:
    """Records of a CSV file as written, from row ``first`` on: read into cells where they are scored (a worker
    process), so the process reading the file only finds where records end."""

    first: int
    text: str


@attrs.frozen
class CsvText:
    """How a CSV file's records become rows (what a worker process needs to read :class:`RawRows`)."""

    path: str
    delimiter: str
    encoding: str
    width: int  # the header's number of columns

    def rows(self, records: Iterable[list[str]], number: int) -> Iterator[Row]:
        """The rows of ``records``, the first of which is row ``number + 1``: blank and description rows skipped."""
        width = self.width
        try:
            for cells in records:
                number += 1
                stripped = list(map(str.strip, cells))  # once per cell: a row may have hundreds
                if not any(stripped) or stripped[0] == DESCRIPTION:
                    continue
                values = [v or EMPTY for v in stripped] + [EMPTY] * (width - len(cells))
                values = values[:width]
                if _NOT_TEXT.search("".join(stripped)):
                    bad = [k for k, v in enumerate(values) if isinstance(v, str) and _NOT_TEXT.search(v)]
                    why = msg("table.not-text", encoding=_ENCODING_NAMES.get(self.encoding, self.encoding))
                    yield Row(number, tuple(EMPTY if k in bad else v for k, v in enumerate(values)),
                              tuple((k, why) for k in bad))  # fmt: skip
                    continue
                yield Row(number, tuple(values))
        except csv.Error as exc:
            raise DataError([DataProblem(msg("table.csv-error", path=self.path, row=number + 1, error=exc))]) from None

    def parse(self, raw: RawRows) -> Iterator[Row]:
        return self.rows(csv.reader(io.StringIO(raw.text, newline=""), delimiter=self.delimiter), raw.first - 1)


def _encoding(head: bytes, path: Path) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut at the end of the sample
            return "utf-8"
    return "gb18030"  # what Excel in China saves as "CSV": a superset of GBK


class _Rows:
    """Rows produced on demand by a function, each time they are iterated (a file is read again)."""

    def __init__(self, produce: Any) -> None:
        self._produce, self._used = produce, False

    def __iter__(self) -> Iterator[Row]:
        if self._used:
            raise DataError([DataProblem(msg("table.read-twice"))])
        self._used = True
        return iter(self._produce())


class _CsvRows(_Rows):
    """A CSV file's rows, read in this process (iterated) or as chunks of records' text (``chunks``)."""

    def __init__(self, text: CsvText, records: Any, chunks: Any) -> None:
        super().__init__(lambda: text.rows(_after_header(records()), 1))
        self.text, self.chunks = text, chunks


def _after_header(records: Iterator[list[str]]) -> Iterator[list[str]]:
    next(records, None)
    return records


# ------------------------------------------------------------------ xlsx


def _xlsx(path: Path, sheet: str | None) -> Table:
    try:
        openpyxl: Any = importlib.import_module("openpyxl")
    except ImportError:
        raise DataError([DataProblem(msg("table.needs-openpyxl", path=path))]) from None

    def workbook(values: bool) -> Any:
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=values)
        except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for damaged files
            raise DataError([DataProblem(msg("table.bad-xlsx", path=path, error=type(exc).__name__))]) from None

    book = workbook(True)
    try:  # the header now; the rows when they are read (read-only workbooks hold the file open)
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise DataError([DataProblem(msg("table.no-sheet", path=path, sheet=quoted(sheet), sheets=tuple(names)))])
        chosen = sheet or next((n for n in [book.active.title, *names] if _has_header(book[n])), None)
        if chosen is None:
            raise DataError([DataProblem(msg("table.every-sheet-empty", path=path, sheets=tuple(names)))])
        header = next(book[chosen].iter_rows(max_row=1, values_only=True), ())
    finally:
        book.close()
    columns = [Column.of(value) for value in header]
    while columns and not columns[-1].header:  # trailing empty header cells
        columns.pop()
    if not columns:
        raise DataError([DataProblem(msg("table.first-row-empty", path=path, sheet=chosen))])
    width = len(columns)

    def rows() -> Iterator[Row]:
        values = workbook(True)
        # The formulas are read (a second parse of the sheet) only where the sheet has one: a formula whose saved
        # value is missing is then reported, not read as an empty cell.
        formulas = workbook(False) if _has_formulas(path, values[chosen]) else None
        try:
            data_rows = _all_rows(values[chosen])
            formula_rows = _all_rows(formulas[chosen]) if formulas is not None else itertools.repeat(())
            for number, (cells, written) in enumerate(zip(data_rows, formula_rows), start=2):
                out: list[Any] = []
                unreadable: list[tuple[int, Message | str]] = []
                for k in range(width):
                    cell = cells[k] if k < len(cells) else None
                    raw = written[k].value if k < len(written) else None
                    try:
                        out.append(_xlsx_value(cell, raw))
                    except _Unreadable as exc:
                        out.append(EMPTY)
                        unreadable.append((k, exc.args[0]))
                if (all(v is EMPTY for v in out) and not unreadable) or _describes(out[0]):
                    continue
                yield Row(number, tuple(out), tuple(unreadable))
        finally:
            values.close()
            if formulas is not None:
                formulas.close()

    return Table(str(path), columns, _Rows(rows), sheet=chosen)


def _all_rows(worksheet: Any) -> Iterator[Any]:
    """The rows below the header. The dimensions a workbook records are not trusted: openpyxl reads the whole
    sheet once more to work them out when a writer left them out (pandas' and openpyxl's own write-only
    workbooks do), which doubled the time to read it."""
    worksheet.reset_dimensions()
    return iter(worksheet.iter_rows(min_row=2))


#: A formula element in a sheet's XML (``<f>…</f>``, ``<f t="shared" …/>``, or with a namespace prefix).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path, worksheet: Any) -> bool:
    """Whether the sheet's XML holds a formula, scanned as bytes (far quicker than parsing it again)."""
    part = getattr(worksheet, "_worksheet_path", None)
    if not isinstance(part, str):
        return True  # not known: read the formulas
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as sheet:
            tail = b""
            while chunk := sheet.read(1 << 20):
                if _FORMULA_TAG.search(tail + chunk):
                    return True
                tail = chunk[-16:]
    except (OSError, KeyError, zipfile.BadZipFile):
        return True
    return False


def sheet_names(source: str | os.PathLike[str]) -> list[str]:
    """The sheets of an .xlsx workbook in order ([] for any other file)."""
    if Path(source).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    openpyxl: Any = importlib.import_module("openpyxl")
    try:
        book = openpyxl.load_workbook(source, read_only=True)
    except Exception:  # noqa: BLE001 - read_table has reported a damaged file already
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _has_header(worksheet: Any) -> bool:
    first = next(worksheet.iter_rows(max_row=1, values_only=True), ())
    return any(v is not None and str(v).strip() for v in first)


class _Unreadable(Exception):
    """A cell that holds no value to read; the message says why and what to do."""


def _xlsx_value(cell: Any, written: Any) -> Any:
    value = getattr(cell, "value", None)
    if value is None:
        if isinstance(written, str) and written.startswith("="):
            raise _Unreadable(msg("table.no-saved-value", formula=written[:40]))
        return EMPTY
    if isinstance(value, str):
        return value.strip() or EMPTY
    if isinstance(value, bool):
        return value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    if isinstance(value, (int, float)):
        number = Decimal(value) if isinstance(value, int) else Decimal(float.__repr__(value))
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{(number * 100).normalize():f}%"  # the rate the cell shows, exactly
        return number
    return value


# ------------------------------------------------------------------ DataFrames


def _frame(frame: Any) -> Table:
    if hasattr(frame, "itertuples") and hasattr(frame, "columns"):  # pandas
        columns = [Column.of(c) for c in frame.columns]

        def rows() -> Iterator[Row]:
            for number, cells in enumerate(frame.itertuples(index=False, name=None), start=2):
                if not (cells and _describes(cells[0])):
                    yield Row(number, tuple(_frame_value(v) for v in cells))

        return Table("<DataFrame>", columns, _Rows(rows))
    if hasattr(frame, "iter_rows") and hasattr(frame, "columns"):  # polars
        columns = [Column.of(c) for c in frame.columns]

        def polar_rows() -> Iterator[Row]:
            for number, cells in enumerate(frame.iter_rows(), start=2):
                if not (cells and _describes(cells[0])):
                    yield Row(number, tuple(_frame_value(v) for v in cells))

        return Table("<DataFrame>", columns, _Rows(polar_rows))
    if isinstance(frame, Iterable) and not isinstance(frame, (str, bytes, Mapping)):
        return _records(frame)
    raise DataError([DataProblem(msg("table.not-a-table", kind=type(frame).__name__))])


def _records(records: Iterable[Any]) -> Table:
    """Rows as mappings of column headers to cells (csv.DictReader's, a JSON array of records), read as the
    rows of a sheet: every key any row has is a column, in the order first met (so the rows are held at once:
    a file streams, a list is in memory already); a key a row lacks is an empty cell."""
    rows = list(records)
    headers: dict[Any, None] = {}
    for row in rows:
        if isinstance(row, Mapping):
            headers.update(dict.fromkeys(row))
    if rows and not any(isinstance(row, Mapping) for row in rows):  # ["a", "b"]: no row has a column at all
        raise DataError([DataProblem(msg("table.no-mapping-rows", kind=type(rows[0]).__name__))])
    keys = list(headers)
    columns = [Column.of("" if key is None else str(key)) for key in keys]

    def cells() -> Iterator[Row]:
        for number, row in enumerate(rows, start=2):
            if not isinstance(row, Mapping):
                yield Row(number, (EMPTY,) * len(keys), ((None, msg("table.row-not-a-mapping", kind=type(row).__name__)),))
                continue
            values = tuple(_frame_value(row.get(key, EMPTY)) for key in keys)
            if not (values and _describes(values[0])):
                yield Row(number, values)

    return Table("<rows>", columns, _Rows(cells))


def _frame_value(value: Any) -> Any:
    if is_missing(value) or (isinstance(value, float) and value != value):  # NaN: pandas' empty numeric cell
        return EMPTY
    if isinstance(value, str):
        return value.strip() or EMPTY
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    return value
