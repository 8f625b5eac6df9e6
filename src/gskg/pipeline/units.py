"""The unit table: how an observation's `unit:` (as the text writes it, or a unit id) maps
to a `Unit` record, and its value in the base unit.

`data/units.yaml` holds the table as records of class `Unit`; the validator reports an
unknown or ambiguous unit, the builder writes `gskg:unitOfMeasure`, `gskg:baseValue` and
`gskg:baseUnit` from the same lookup, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..values import parse_number
from .load import Record


@dataclass
class UnitTable:
    """Units by id and by written form; `ambiguous` holds written forms two units claim."""

    by_id: dict[str, Record] = field(default_factory=dict)
    by_written: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    def resolve(self, value: object) -> Record | None:
        """The unit a YAML `unit:` value names (its id or how the text writes it), or None."""
        if not isinstance(value, str):
            return None
        value = value.strip()
        if value in self.by_id:
            return self.by_id[value]
        if value in self.ambiguous:
            return None
        unit_id = self.by_written.get(value)
        return self.by_id[unit_id] if unit_id else None

    def known(self) -> str:
        """The written forms, for an error message."""
        return " ".join(sorted(self.by_written))


def unit_table(records: Iterable[Record]) -> UnitTable:
    """Build the table from the `Unit` records among `records`."""
    table = UnitTable()
    claims: dict[str, list[str]] = {}
    for rec in records:
        if rec.type != "Unit":
            continue
        table.by_id[rec.id] = rec
        written = rec.data.get("written")
        for name in written if isinstance(written, list) else []:
            if isinstance(name, str):
                claims.setdefault(name.strip(), []).append(rec.id)
    for name, ids in claims.items():
        if len(ids) == 1:
            table.by_written[name] = ids[0]
        else:
            table.ambiguous[name] = ids
    return table


def written_form(value: str, unit: Record) -> str:
    """The unit as the text writes it: the YAML value, or the unit's zh name for an id."""
    return unit.data["label"]["zh"] if value.strip() == unit.id else value.strip()


def base_value(value: object, unit: Record) -> Decimal:
    """`value` in the unit's base unit (value × scale)."""
    return parse_number(value) * parse_number(unit.data["scale"])
