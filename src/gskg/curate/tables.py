"""Tables pasted as text (one cell per line, rows between blank lines, under a caption
`表1 …`): every numeric cell is a figure, its area from the header (广州 | 深圳 over the
columns) and its unit from the column header (专利数量（件） → 件, …比重 → %, …排名 → 位)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import parse_numeral
from .text import Sentence

_CAPTION = re.compile(r"^\s*表\s*\d+\s*\S.*$", re.M)
_NUMERIC = re.compile(r"^\s*(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:\.(\d+))?\s*(%?)\s*$")
_UNIT_IN_HEADER = re.compile(r"[（(]([^()（）]{1,3})[)）]\s*$")


@dataclass(frozen=True)
class Cell:
    """One numeric cell: value and unit, the column's area and header, the cell's offsets."""

    value: Decimal
    unit: str
    start: int
    end: int
    area: str  # the header cell naming the area, as written ("" if none)
    header: str  # the column header
    label: str  # the row label


@dataclass(frozen=True)
class Row:
    """A table row: its span as a sentence, its label and its numeric cells."""

    sentence: Sentence
    caption: str
    cells: list[Cell]


def _blocks(text: str, start: int) -> list[list[tuple[int, int, str]]]:
    """Runs of cells (offset, end, text) between blank lines, until prose resumes."""
    blocks: list[list[tuple[int, int, str]]] = [[]]
    pos = start
    for line in text[start:].split("\n"):
        end = pos + len(line)
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
        elif line.startswith(("\t", " ")) or (blocks[-1] and len(line) <= 8):
            if line.startswith(("\t", " ")) or not blocks[-1]:
                blocks[-1].append((pos + len(line) - len(line.lstrip()), end, line.strip()))
            else:  # a header cell wrapped onto the next line: （中类）
                s, _, t = blocks[-1][-1]
                blocks[-1][-1] = (s, end, t + line.strip())
        elif any(blocks):
            break
        pos = end + 1
    return [b for b in blocks if b]


def unit_of(header: str, cell: str) -> str:
    """The unit of a column: from its header, else the cell (a % sign)."""
    if cell.endswith("%") or re.search(r"比重|占比|比例|百分比", header):
        return "%"
    if "排名" in header or "位次" in header:
        return "位"  # a rank, as the fact format records ranks
    found = _UNIT_IN_HEADER.search(header)
    return found.group(1) if found else ""


def _number(cell: str) -> Decimal | None:
    m = _NUMERIC.match(cell)
    if not m:
        return None
    whole = parse_numeral(m.group(1))
    return whole + Decimal(f"0.{m.group(2)}") if m.group(2) else whole


def table_rows(text: str, is_area: callable) -> list[Row]:  # type: ignore[valid-type]
    """The numeric rows of every captioned table in `text`; `is_area(cell)` tells header
    cells that name an area (a place) from the others."""
    rows: list[Row] = []
    for cap in _CAPTION.finditer(text):
        blocks = _blocks(text, cap.end() + 1)
        header_blocks = []
        for block in blocks:
            numbers = [_number(c[2]) for c in block[1:]]
            if block[1:] and all(n is not None for n in numbers):
                rows.extend(_row(text, cap.group().strip(), block, header_blocks, is_area))
            elif not rows:
                header_blocks.append(block)
    return rows


def _row(text: str, caption: str, block: list[tuple[int, int, str]],
         headers: list[list[tuple[int, int, str]]], is_area) -> list[Row]:  # noqa: ANN001  # fmt: skip
    values = block[1:]
    columns = next((h for h in reversed(headers) if len(h) >= len(values)), [])
    columns = [c[2] for c in columns][-len(values) :] if columns else [""] * len(values)
    areas = [c[2] for h in headers for c in h if is_area(c[2])]
    width = len(values) // len(areas) if areas and len(values) % len(areas) == 0 else 0
    cells = []
    for j, (s, e, cell) in enumerate(values):
        value = _number(cell)
        assert value is not None
        area = areas[j // width] if width else ""
        cells.append(Cell(value, unit_of(columns[j], cell), s, e, area, columns[j], block[0][2]))
    start, end = block[0][0], values[-1][1]
    return [Row(Sentence(start, end, text[start:end]), caption, cells)]
