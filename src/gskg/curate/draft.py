"""A document's text → the proposals of a review file (every one `accept: false`).

Each proposal is a record in the fact format plus what the curator needs to judge it:
`kind`, `why` (the rule that found it), `start`/`end` (the quote's offsets: the quote is
always `text[start:end]`) and `found` (the words that triggered it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..ontology import Ontology
from ..pipeline.load import Record
from ..schema import RELATIONS
from .dated import Dated, dated
from .entities import Gazetteer, Mention, slug
from .figures import Figure, figures, is_area
from .numbers import Amount
from .periods import find_times
from .relations import Relation, relations
from .tables import Row, table_rows
from .text import Sentence, sentences

EN_TODO = "English label: to be written by the curator."
KNOWN_DATE = (
    "Dates a record already in data/: add the date there by hand if this document is its evidence."
)


class Drafter:
    """Collects the proposals of one document, keeping ids unique."""

    def __init__(self, text: str, doc: str, published: dt.date | None, gazetteer: Gazetteer,
                 onto: Ontology, taken: Iterable[str]) -> None:  # fmt: skip
        self.text, self.doc, self.published = text, doc, published
        self.gaz, self.onto = gazetteer, onto
        self.taken = set(taken)
        self.proposals: list[dict[str, Any]] = []
        self.entities: dict[str, dict[str, Any]] = {}  # new entity id → its proposal
        self.names: dict[str, str] = {}  # new entity name → id
        self.indicators: dict[str, str] = {}  # measured thing → indicator id
        self.related: set[tuple[str, str, str]] = set()  # relations data/ already has

    def new_id(self, base: str) -> str:
        """`base`, or `base-2`, `base-3` … whichever no record or proposal has."""
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate

    def propose(
        self, kind: str, s: Sentence, why: str, found: tuple[int, int], record: dict
    ) -> dict:
        a, b = found
        proposal = {"kind": kind, "accept": False, "why": why, **record}
        proposal.update(doc=self.doc, quote=s.text, start=s.start, end=s.end)
        proposal["found"] = {"text": s.text[a:b], "start": s.start + a, "end": s.start + b}
        self.proposals.append(proposal)
        return proposal

    def run(self) -> list[dict[str, Any]]:
        for row in table_rows(self.text, self.area_name):
            self.table_row(row)
        for s in sentences(self.text):
            mentions = [self.entity(s, m) for m in self.gaz.mentions(s.text)]
            for m in mentions:
                if m.known:
                    self.propose("mention", s, f"known name of {m.id} ({m.type})",
                                 (m.start, m.end), {"id": m.id, "type": m.type})  # fmt: skip
            for f in figures(s.text, mentions, self.published, self.onto.is_a):
                self.figure(s, f, mentions)
            for d in dated(s.text, mentions, self.published, self.onto.is_a):
                self.dated(s, d)
            for r in relations(s.text, mentions, self.onto):
                self.relation(s, r)
        return self.proposals

    def entity(self, s: Sentence, m: Mention) -> Mention:
        """A new name gets one entity proposal per document; returns the mention with its id."""
        if m.known:
            return m
        if m.text in self.names:
            return Mention(m.start, m.end, m.text, self.names[m.text], m.type, False, m.why)
        rid = self.new_id(m.id)
        self.names[m.text] = rid
        record = {"id": rid, "type": m.type, "label": {"zh": m.text, "en": ""}, "note": EN_TODO}
        self.entities[rid] = self.propose(
            "entity", s, f"new name ({m.why})", (m.start, m.end), record
        )
        return Mention(m.start, m.end, m.text, rid, m.type, False, m.why)

    def figure(self, s: Sentence, f: Figure, mentions: list[Mention], source: str = "") -> None:
        a = f.amount
        indicator = self.indicator(s, f, mentions)
        area = f.area.id if f.area else ""
        period = f.when.period if f.when else {"label": "未注明"}
        notes = [
            n for n in (a.note, f.when.note if f.when else "No period given in the sentence.") if n
        ]
        if not f.area:
            notes.append("No area named in the sentence: fill in `area`.")
        record = {
            "id": self.new_id(f"obs-{indicator}-{area or 'area'}"),
            "type": "Observation",
            "area": area,
            "indicator": indicator,
            "value": _number(a.value),
            "unit": a.unit,
            "period": period,
            "measures": f.measures,
        }
        if notes:
            record["note"] = " ".join(notes)
        where = f"area {f.area.text}" if f.area else "no area"
        when = f"period {f.when.text}" if f.when else "no period"
        why = f"amount {a.text} ({where}; {when}{'; ' + source if source else ''})"
        self.propose("figure", s, why, (a.start, a.end), record)

    def area_name(self, cell: str) -> Mention | None:
        """The known area a table header cell names (the whole cell), if any."""
        found = [m for m in self.gaz.known(cell) if (m.start, m.end) == (0, len(cell))]
        return found[0] if found and is_area(found[0], self.onto.is_a) else None

    def table_row(self, row: Row) -> None:
        """A figure proposal for every numeric cell of a table row."""
        s = row.sentence
        times = [t for t in find_times(row.caption, self.published) if t.period is not None]
        for cell in row.cells:
            area = self.area_name(cell.area) if cell.area else None
            amount = Amount(cell.value, cell.unit, cell.start - s.start, cell.end - s.start,
                            self.text[cell.start : cell.end])  # fmt: skip
            measures = f"{row.cells[0].label}：{cell.header}"[:60]
            self.figure(s, Figure(amount, area, times[0] if times else None, measures), [],
                        source=f"table {row.caption[:20]}")  # fmt: skip

    def indicator(self, s: Sentence, f: Figure, mentions: list[Mention]) -> str:
        """A known Indicator named before the amount, else a proposed new one."""
        named = [
            m for m in mentions
            if m.type == "Indicator" and m.end <= f.amount.start and m.text in f.measures
        ]  # fmt: skip
        if named:
            return named[-1].id
        thing = f.measures or "指标"
        if thing not in self.indicators:
            rid = self.new_id(slug(thing, ""))
            self.indicators[thing] = rid
            record = {
                "id": rid,
                "type": "Indicator",
                "label": {"zh": thing, "en": ""},
                "note": EN_TODO,
            }
            self.propose(
                "indicator",
                s,
                f"what {f.amount.text} counts",
                (f.amount.start, f.amount.end),
                record,
            )
        return self.indicators[thing]

    def dated(self, s: Sentence, d: Dated) -> None:
        when = d.when
        fields: dict[str, Any] = {"date": when.date}
        agents = [a.id for a in d.agents]
        if d.kind == "agreement":
            fields["parties"] = agents
        elif d.kind == "policy":
            fields["issued_by"] = agents
        elif d.kind == "founding" and agents:
            fields["founded_by"] = agents
        if d.place is not None:
            fields["place"] = d.place.id
        why = f"{d.kind}: {d.label} dated {when.text}"
        proposal = self.entities.get(d.mention.id) if d.mention and not d.mention.known else None
        if proposal is not None:  # date the new entity's own proposal
            for key, value in fields.items():
                proposal.setdefault(key, value)
            if proposal["start"] != s.start:  # the dating sentence becomes its evidence
                proposal.update(quote=s.text, start=s.start, end=s.end)
                proposal["found"] = {"text": s.text[d.start : d.end], "start": s.start + d.start,
                                     "end": s.start + d.end}  # fmt: skip
            proposal["kind"], proposal["why"] = "dated", f"{proposal['why']}; {why}"
            if when.note:
                proposal["note"] = f"{when.note} {proposal['note']}"
            return
        if d.mention is not None and d.mention.known:
            # a known record: shown, but its date goes in by hand (its evidence is its own
            # document's quote); --apply refuses to write it
            record = {"id": d.mention.id, "type": d.type, **fields, "note": KNOWN_DATE}
            self.propose("dated", s, f"{why} (known record)", (d.start, d.end), record)
            return
        if d.mention is not None:
            return
        record = {
            "id": self.new_id(d.id),
            "type": d.type,
            "label": {"zh": d.label, "en": ""},
            **fields,
        }
        record["note"] = " ".join(n for n in (when.note, EN_TODO) if n)
        self.propose("dated", s, why, (d.start, d.end), record)

    def relation(self, s: Sentence, r: Relation) -> None:
        if (r.subject.id, r.key, r.target.id) in self.related:
            return  # already in data/
        record = {"subject": r.subject.id, r.key: r.target.id}
        subject, target = (
            f"{r.subject.text} ({r.subject.type})",
            f"{r.target.text} ({r.target.type})",
        )
        why = f"cue {r.cue}: {subject} {r.key} {target}"
        self.propose("relation", s, why, (r.start, r.end), record)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def draft(text: str, doc: str, published: dt.date | None, records: list[Record],
          onto: Ontology) -> list[dict[str, Any]]:  # fmt: skip
    """Every proposal for document `doc` whose text is `text` (records: what is known)."""
    gazetteer = Gazetteer.from_records(records)
    drafter = Drafter(text, doc, published, gazetteer, onto, (r.id for r in records))
    drafter.related = {
        (r.id, key, item[key])
        for r in records
        for item in r.data.get("relations") or []
        if isinstance(item, dict)
        for key in item
        if key in RELATIONS
    }
    return drafter.run()
