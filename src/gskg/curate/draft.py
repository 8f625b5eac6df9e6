"""A document's text → the proposals of a review file (every one `accept: false`).

Each proposal is a record in the fact format plus what the curator needs to judge it:
`kind`, `why` (the rule that found it), `start`/`end` (the quote's offsets: the quote is
always `text[start:end]`) and `found` (the words that triggered it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..ontology import Ontology
from ..pipeline.load import Record
from ..schema import RELATIONS
from . import date_model
from .accept import Context, NameFilter, features, load_filter
from .areas import candidates, subject
from .dated import Dated, dated, signed
from .entities import Gazetteer, Known, Mention, slug
from .figures import Figure, fields_to_fill, figures, home_area, is_area
from .indicators import Indicators, base_unit, known_for, known_indicators
from .names import earlier_key, name_key
from .ner import load_model
from .notnames import modifier
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
        self.known_indicators = Indicators()
        self.recent: dict[str, Mention] = {}  # the province and city named last
        self.anchor: str | None = None  # the date the text gave last
        self.home: Mention | None = None  # the place the whole text is about, if one
        self.last_day: str | None = None  # the last full date the text gave
        self.dated_labels: set[str] = set()  # the names of the new dated records drafted
        # the known indicator measured last: by unit (元, %) and in the sentence at a start
        self.measured: dict[str | int, str] = {}
        self.accept: NameFilter | None = None  # the filter of new names (accept.py), if any
        self.features: dict[str, dict[str, float]] = {}  # new entity id → its name's features
        self.rejected: set[str] = set()  # the keys of the new names the filter turned down
        self.counts: dict[str, int] = {}  # how often the text names each new name (by key)
        self.dates: Any = date_model.RulesOnly()  # which dated clauses are records
        self.date_rows: list[dict[str, Any]] = []  # every candidate date (for the trainer)

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
        prose = sentences(self.text)
        self.gaz.prepare([s.text for s in prose])
        found = [self.gaz.mentions(s.text) for s in prose]
        for m in (m for named in found for m in named if not m.known):
            self.counts[name_key(m.text)] = self.counts.get(name_key(m.text), 0) + 1
        self.home = home_area(found, self.onto.is_a)
        day, last_end = None, 0  # the day the paragraph gave last, where its sentence ended
        if (country := self.gaz.names.get("中国")) is not None:  # 全国
            self.recent["Country"] = Mention(0, 0, "中国", country.id, country.type, True, "")
        carry: Mention | None = None  # the area of the paragraph's figures so far
        for s, named in zip(prose, found, strict=True):
            if "\n" in self.text[last_end : s.start]:
                carry = None
            mentions = []
            for m in named:  # in order: a short form (以下简称《指引》) meets its full name
                if (e := self.entity(s, m)) is not None:
                    mentions.append(e)
                    self.short_forms(s.text, mentions[-1:])
            places = [m for m in mentions if self.onto.is_a(m.type, "Place")]
            for m in mentions:
                self.place_named(m)
                for cls in ("Province", "City", "District"):  # 我省, 全市, 该区 further on
                    if m.known and self.onto.is_a(m.type, cls):
                        if cls == "City" and self.recent.get("City", m).id != m.id:
                            self.recent["City2"] = self.recent["City"]  # the pair named last
                        self.recent[cls] = m
                if m.known and not modifier(s.text, m, places):
                    self.propose("mention", s, f"known name of {m.id} ({m.type})",
                                 (m.start, m.end), {"id": m.id, "type": m.type})  # fmt: skip
            drafted = figures(s.text, mentions, self.published, self.onto.is_a, self.recent,
                              self.anchor, self.home, carry)  # fmt: skip
            for f in drafted:
                self.figure(s, f, mentions)
            if drafted:
                carry = drafted[-1].area
            elif named := candidates(s.text, mentions, self.onto.is_a, self.recent):
                carry = subject(s.text, named)  # the paragraph's topic, or none (several)
            if "\n" in self.text[last_end : s.start]:
                day = None  # a new paragraph: the day of the one before does not carry
            last_day = self.last_day
            times = [t for t in find_times(s.text, self.published, self.anchor, last_day) if t.date]
            rules = dated(s.text, mentions, self.published, self.onto.is_a, self.anchor, day,
                          last_day)  # fmt: skip
            for c in date_model.candidates(s.text, times, rules, mentions, self.onto.is_a):
                self.candidate(s, c)
            if times and not (self.anchor or "").startswith(times[-1].date or "-"):
                self.anchor = times[-1].date  # for 同日, 次年 … (not 2022年 after 2022-04-11)
            days = [t for t in times if len(t.date or "") == 10]
            day, last_end = (days[-1] if days else day), s.end
            self.last_day = days[-1].date if days else self.last_day  # for 同日 further on
            for r in relations(s.text, mentions, self.onto):
                self.relation(s, r)
        signed(self.text, self.proposals, self.onto.is_a)
        return self.proposals

    def short_forms(self, sentence: str, mentions: list[Mention]) -> None:
        """《广东省都市圈国土空间规划协调指引》（以下简称《指引》）, 世界知识产权组织(WIPO): the
        short form names the same record further on (one proposal, not two)."""
        for m in mentions:
            short = _SHORT.match(sentence, m.end) or _ACRONYM.match(sentence, m.end)
            if short is None:
                continue
            key = name_key(short.group(1))
            if m.known:
                self.gaz.keys.setdefault(key, Known(m.id, m.type))
            else:
                self.names.setdefault(key, m.id)

    def place_named(self, m: Mention) -> None:
        """A province or city named at the head of a body's name (广东省发改委) is the one
        我省/全市 refer to further on."""
        head = re.match(r"[\u4e00-\u9fff]{2,3}?[省市]", m.text)
        known = self.gaz.names.get(head.group()) if head and head.group() != m.text else None
        if known is not None:
            for cls in ("Province", "City"):
                if self.onto.is_a(known.type, cls):
                    end = m.start + len(head.group())
                    self.recent[cls] = Mention(m.start, end, head.group(), known.id,
                                               known.type, True, "")  # fmt: skip

    def entity(self, s: Sentence, m: Mention) -> Mention | None:
        """A new name gets one entity proposal per document; returns the mention with its id
        (None: a new name the filter turns down, in every sentence)."""
        if m.known:
            return m
        key = name_key(m.text) + (" (local)" if m.why.endswith("(local)") else "")
        if (known := self.gaz.keys.get(key)) is not None:  # 惠州市 for a known 惠州
            return Mention(m.start, m.end, m.text, known.id, known.type, True,
                           f"known name (as {m.text})")  # fmt: skip
        if (
            known := self.gaz.placed(key, lambda t: self.onto.is_a(t, "Place"))
        ) is not None:  # “双城联动”论坛 = 广州深圳“双城联动”论坛
            return Mention(m.start, m.end, m.text, known.id, known.type, True,
                           f"known name (as {m.text}, without its places)")  # fmt: skip
        if (
            known := self.gaz.unplaced(key, lambda t: self.onto.is_a(t, "Place"))
        ) is not None:  # 广州南沙科学城 = 南沙科学城
            return Mention(m.start, m.end, m.text, known.id, known.type, True,
                           f"known name (as {m.text}, with its place)")  # fmt: skip
        if (known := self.abbreviated(m.text)) is not None:  # 市科创委 in a Shenzhen text
            return Mention(m.start, m.end, m.text, known.id, known.type, True,
                           f"known name (as {m.text}, in this text's place)")  # fmt: skip
        key = earlier_key(key, m.why, self.names)  # 省发改委, 《规划》, 哈工大 named before
        if key in self.names:  # one proposal per name: 惠州 and 惠州市, X and 前述X
            return Mention(m.start, m.end, m.text, self.names[key], m.type, False, m.why)
        words, count = self.gaz.words(s.text), self.counts.get(key, 1)
        ctx = Context(s.text, words, self.gaz.names, count, self.text)
        feats = features(m, ctx)
        if key in self.rejected or (self.accept is not None and not self.accept.accepts(feats)):
            self.rejected.add(key)
            return None
        rid = self.new_id(m.id)
        self.features[rid] = feats
        self.names[key] = rid
        record = {"id": rid, "type": m.type, "label": {"zh": m.text, "en": ""}, "note": EN_TODO}
        self.entities[rid] = self.propose(
            "entity", s, f"new name ({m.why})", (m.start, m.end), record
        )
        return Mention(m.start, m.end, m.text, rid, m.type, False, m.why)

    def abbreviated(self, name: str) -> Known | None:
        """市政府, 市科创委, 省发改委: the known body of the city (province) the text is about
        or named last, or None."""
        if not re.match(r"[省市]", name) or len(name) < 3:
            return None
        cls = "Province" if name[0] == "省" else "City"
        for place in (self.recent.get(cls), self.home):
            if place is not None and self.onto.is_a(place.type, cls):
                full = re.sub(r"[省市]$", "", place.text) + name
                if (known := self.gaz.keys.get(name_key(full))) is not None:
                    return known
        return None

    def figure(self, s: Sentence, f: Figure, mentions: list[Mention], source: str = "") -> None:
        a = f.amount
        indicator, how = self.indicator(s, f, mentions)
        if indicator and how != "new":
            self.measured[base_unit(a.unit)] = indicator
            self.measured[s.start] = indicator
        area = f.area.id if f.area else ""
        period = f.when.period if f.when else {"label": "未注明"}
        notes = [
            n for n in (a.note, f.when.note if f.when else "No period given in the sentence.") if n
        ]
        todo = fields_to_fill(f, indicator, dict(self.known_indicators.unit_kinds))
        record = {
            "id": self.new_id(f"obs-{indicator or 'indicator'}-{area or 'area'}"),
            "type": "Observation",
            "area": area,
            "indicator": indicator,
            "value": _number(a.value),
            "unit": a.unit,
        }
        if a.qualifier:
            record["qualifier"] = a.qualifier
        record.update(period=period, measures=f.measures or a.text)
        if notes:
            record["note"] = " ".join(notes)
        if todo:
            record["todo"] = todo
        where = f"area {f.area.text} ({f.area_why})" if f.area else "no area"
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

    def indicator(self, s: Sentence, f: Figure, mentions: list[Mention]) -> tuple[str, str]:
        """(id, how): a known Indicator named before the amount or whose label matches what
        it measures, else a proposed new one named by the measured noun phrase, else ""."""
        if found := known_for(self.known_indicators, self.measured, s, f, mentions):
            return found
        thing = f.measures
        if not thing:
            return "", ""
        if thing not in self.indicators:
            rid = self.new_id(slug(thing, ""))
            self.indicators[thing] = rid
            record = {"id": rid, "type": "Indicator", "label": {"zh": thing, "en": ""},
                      "note": EN_TODO}  # fmt: skip
            why = f"what {f.amount.text} counts"
            self.propose("indicator", s, why, (f.amount.start, f.amount.end), record)
        return self.indicators[thing], "new"

    def candidate(self, s: Sentence, c: date_model.Candidate) -> None:
        """A dated record where the model (date_model.py) takes the candidate for one."""
        keep = self.dates.accepts(c.features)
        made = self.dated(s, c.rule or date_model.unnamed(s.text, c.when)) if keep else None
        self.date_rows.append({"date": c.when.date, "start": s.start, "end": s.end,
                               "proposal": made, "features": c.features})  # fmt: skip

    def dated(self, s: Sentence, d: Dated) -> dict[str, Any] | None:
        """The proposal that `d` makes or dates (None: a duplicate, or a known record's)."""
        when = d.when
        fields: dict[str, Any] = {"date": when.date}
        agents = [a.id for a in d.agents]
        todo = {}
        if d.kind == "agreement":
            fields["parties"] = agents
            if not agents:
                todo["parties"] = "no party named in the sentence: the ids of the parties"
        elif d.kind in ("policy", "notice") and agents:
            fields["issued_by"] = agents
        elif d.kind == "founding" and agents:
            fields["founded_by"] = agents
        if todo:
            fields["todo"] = todo
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
            return proposal
        if d.mention is not None and d.mention.known and when.kind == "recent":
            return None  # a known record's date is in data/: 近日, 不久前 add only a guess
        if d.mention is not None and d.mention.known:
            # a known record: shown, but its date goes in by hand (its evidence is its own
            # document's quote); --apply refuses to write it
            record = {"id": d.mention.id, "type": d.type, **fields, "note": KNOWN_DATE}
            return self.propose("dated", s, f"{why} (known record)", (d.start, d.end), record)
        if d.mention is not None or name_key(d.label) in self.dated_labels:
            return None  # one record per name in a review
        self.dated_labels.add(name_key(d.label))
        record = {
            "id": self.new_id(d.id),
            "type": d.type,
            "label": {"zh": d.label, "en": ""},
            **fields,
        }
        record["note"] = " ".join(n for n in (when.note, EN_TODO) if n)
        return self.propose("dated", s, why, (d.start, d.end), record)

    def relation(self, s: Sentence, r: Relation) -> None:
        if (r.subject.id, r.key, r.target.id) in self.related:
            return  # already in data/, or proposed from an earlier sentence
        self.related.add((r.subject.id, r.key, r.target.id))
        record = {"subject": r.subject.id, r.key: r.target.id}
        subject, target = (
            f"{r.subject.text} ({r.subject.type})",
            f"{r.target.text} ({r.target.type})",
        )
        why = f"cue {r.cue}: {subject} {r.key} {target}"
        self.propose("relation", s, why, (r.start, r.end), record)


_ACRONYM = re.compile(r"[（(]([A-Z]{2,8})[)）]")  # 世界知识产权组织(WIPO)
_SHORT = re.compile(r"》?\s*[（(](?:以下)?简称[“\"]?《?([^《》“”\"()（）]{2,20})》?[”\"]?[）)]")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def draft(text: str, doc: str, published: dt.date | None, records: list[Record], onto: Ontology,
          model: Any = None, accept: Any = None,
          dates: Any = None) -> list[dict[str, Any]]:  # fmt: skip
    """Every proposal for document `doc` whose text is `text` (records: what is known).
    `model`: the NER model (None: ner.load_model()'s, False: the rules only); `accept`: the
    filter of new names (None: accept.load_filter()'s, False: none); `dates`: which dated
    clauses are records (None: date_model.load_model()'s, False: the rules alone)."""
    return drafter(text, doc, published, records, onto, model, accept, dates).run()


def drafter(text: str, doc: str, published: dt.date | None, records: list[Record],
            onto: Ontology, model: Any = None, accept: Any = None,
            dates: Any = None) -> Drafter:  # fmt: skip
    """The drafter of `draft` before its run (its `features` and `date_rows` are read after
    the run)."""
    gazetteer = Gazetteer.from_records(records, load_model() if model is None else model or None)
    made = Drafter(text, doc, published, gazetteer, onto, (r.id for r in records))
    made.accept = load_filter() if accept is None else accept or None
    made.dates = date_model.load_model() if dates is None else dates or date_model.RulesOnly()
    made.known_indicators = known_indicators(records)
    made.related = {
        (r.id, key, item[key])
        for r in records
        for item in r.data.get("relations") or []
        if isinstance(item, dict)
        for key in item
        if key in RELATIONS
    }
    return made
