"""Seeded generator of synthetic gskg data in the real YAML fact format (ARCHITECTURE.md).

`generate(n, out)` writes `n` records (every kind, in a realistic mix) as `out/*.yaml`, one
file per kind, plus one synthetic text per source document in `out/sources/`: every `quote`
is copied verbatim from the document its `doc` names, so a source check can pass.  The same
`(n, seed)` always gives byte-identical files.

    python -m bench.generate 10000 /tmp/gskg-10k      # then: gskg build --data /tmp/gskg-10k
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Share of the records per kind (sums to 1).  Observations and firms dominate, as in the
#: curated data; the rest keeps every kind present from n ≈ 100 up.
MIX: dict[str, float] = {
    "sources": 0.02,
    "places": 0.05,
    "platforms": 0.10,
    "organisations": 0.22,
    "people": 0.12,
    "events": 0.05,
    "topics": 0.02,
    "agreements": 0.10,
    "policies": 0.08,
    "indicators": 0.02,
    "observations": 0.22,
}
#: Ontology class used per kind (first entry is the most common).
TYPES: dict[str, list[str]] = {
    "places": ["District", "City"],
    "platforms": ["Laboratory", "ScienceCity", "ResearchInstitute"],
    "organisations": ["Firm", "University", "GovernmentBody", "Association"],
    "people": ["Person"],
    "events": ["Event"],
    "topics": ["Topic"],
    "agreements": ["CooperationAgreement", "Agreement", "StrategicCooperationAgreement"],
    "policies": ["Plan", "Policy", "ActionPlan", "Opinion"],
    "indicators": ["Indicator"],
    "observations": ["Observation"],
}
#: The first records of these types get the ids, labels the analyst queries (queries/*.rq) use.
ANCHORS: dict[str, list[tuple[str, str, str]]] = {
    "City": [("guangzhou", "广州", "Guangzhou"), ("shenzhen", "深圳", "Shenzhen")],
    "Topic": [("artificial-intelligence", "人工智能", "Artificial intelligence")],
    "Laboratory": [("pazhou-laboratory", "琶洲实验室", "Pazhou Laboratory")],
}

ZH = "广深珠佛莞惠中江肇南沙光明前海黄埔番禺龙华福田罗湖宝安天河海珠荔湾白云越秀花都从化增城坪山"
ZH_TAIL = {
    "District": "区",
    "City": "市",
    "Laboratory": "实验室",
    "ScienceCity": "科学城",
    "Firm": "科技有限公司",
    "University": "大学",
    "GovernmentBody": "科技创新局",
    "Event": "合作论坛",
    "Topic": "技术",
    "Agreement": "协议",
    "CooperationAgreement": "合作协议",
    "StrategicCooperationAgreement": "战略合作协议",
    "Policy": "政策",
    "Plan": "发展规划",
    "ActionPlan": "行动计划",
    "Opinion": "实施意见",
    "ResearchInstitute": "研究院",
    "Association": "产业联盟",
    "Indicator": "总量",
}
EN_SYL = ["guang", "shen", "zhu", "fo", "hui", "nan", "sha", "qian", "hai", "long", "tian", "bao"]
EN_TAIL = {
    "District": "District",
    "City": "City",
    "Laboratory": "Laboratory",
    "ScienceCity": "Science City",
    "Firm": "Technology Co.",
    "University": "University",
    "GovernmentBody": "Science and Technology Bureau",
    "Event": "Cooperation Forum",
    "Topic": "technology",
    "Agreement": "agreement",
    "CooperationAgreement": "cooperation agreement",
    "StrategicCooperationAgreement": "strategic cooperation agreement",
    "Policy": "policy",
    "Plan": "development plan",
    "ActionPlan": "action plan",
    "Opinion": "implementing opinions",
    "ResearchInstitute": "Research Institute",
    "Association": "Industry Alliance",
    "Indicator": "total",
}
UNITS = ["亿元", "万元", "件", "家", "%", "万人"]
UNIT_TABLE = Path(__file__).resolve().parent.parent / "data" / "units.yaml"


def q(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML, and fast to write."""
    return json.dumps(value, ensure_ascii=False)


class Generator:
    """Builds the records kind by kind, so later kinds can refer to earlier ones."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = {kind: max(1, round(n * share)) for kind, share in MIX.items()}
        self.counts["observations"] += n - sum(self.counts.values())  # exactly n records
        self.ids: dict[str, list[str]] = {}  # type → ids
        self.names: dict[str, tuple[str, str]] = {}  # id → (zh, en)
        n_docs = self.counts["sources"]
        self.doc_ids = [f"syn-doc-{i:05d}" for i in range(n_docs)]
        self.sentences: list[list[str]] = [[] for _ in range(n_docs)]

    # -- helpers ---------------------------------------------------------------------------
    def pick(self, *types: str) -> str:
        """A random existing id of one of `types`."""
        pool = self.ids[self.rng.choice([t for t in types if self.ids.get(t)])]
        if pool[0] in ("guangzhou", "shenzhen") and self.rng.random() < 0.5:
            return pool[self.rng.randrange(min(2, len(pool)))]  # most facts are about the two
        return self.rng.choice(pool)

    def name(self, type_: str, i: int) -> tuple[str, str]:
        """A (zh, en) label pair, unique by construction (the index is part of it)."""
        r = self.rng
        zh = "".join(r.choice(ZH) for _ in range(2)) + f"{i}" + ZH_TAIL.get(type_, "")
        en = (r.choice(EN_SYL) + r.choice(EN_SYL)).title() + f" {i} " + EN_TAIL.get(type_, "")
        return zh, en.strip()

    def evidence(self, sentence: str, indent: str) -> list[str]:
        """`doc` + `quote` lines; the sentence is appended to the cited document."""
        d = self.rng.randrange(len(self.doc_ids))
        self.sentences[d].append(sentence)
        lines = [f"{indent}doc: {self.doc_ids[d]}", f"{indent}quote: {q(sentence)}"]
        if self.rng.random() < 0.05:
            lines.append(f"{indent}note: {q('“今年”按发布日期解析。')}")
        return lines

    def date(self) -> str:
        """A quoted date at year, month or day precision."""
        y, m, d = self.rng.randint(2015, 2023), self.rng.randint(1, 12), self.rng.randint(1, 28)
        return q(self.rng.choice([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"]))

    def head(self, rid: str, type_: str, zh: str, en: str, sentence: str) -> list[str]:
        """The fields every record has: id, type, label, description, evidence."""
        lines = [
            f"- id: {rid}",
            f"  type: {type_}",
            "  label:",
            f"    zh: {q(zh)}",
            f"    en: {q(en)}",
        ]
        if self.rng.random() < 0.3:
            lines += ["  aliases:", f"    zh: [{q(zh[:-1])}]", f"    en: [{q(en.upper())}]"]
        if self.rng.random() < 0.5:
            desc_zh, desc_en = q(zh + "的简介。"), q("About " + en)
            lines += ["  description:", f"    zh: {desc_zh}", f"    en: {desc_en}"]
        return lines + self.evidence(sentence, "  ")

    def relations(self, rid: str, rels: Iterable[tuple[str, str]]) -> list[str]:
        """A `relations:` block; each relation carries its own evidence."""
        lines: list[str] = []
        for key, target in rels:
            zh, tz = self.names[rid][0], self.names[target][0]
            lines.append(f"    - {key}: {target}")
            lines += self.evidence(f"{zh}与{tz}的关系({key})见本报道。", "      ")
            if key != "has_topic" and self.ids.get("Topic") and self.rng.random() < 0.2:
                lines.append(f"      topics: [{self.pick('Topic')}]")
        return ["  relations:", *lines] if lines else []

    def ids_field(self, type_: str, i: int) -> list[str]:
        """External identifiers for some places and organisations (synthetic, never real)."""
        if type_ in ("City", "District") and self.rng.random() < 0.5:
            return ["  ids:", f"    wikidata: Q{900000000 + i}", f'    geonames: "{9000000 + i}"']
        if type_ == "University" and self.rng.random() < 0.5:
            return ["  ids:", f"    ror: https://ror.org/0syn{i:05d}"]
        return []

    # -- kinds -----------------------------------------------------------------------------
    def record(self, kind: str, i: int) -> list[str]:
        """One record of `kind` as YAML lines (its id is registered for later kinds)."""
        r = self.rng
        types = TYPES[kind]
        type_ = types[0] if len(types) == 1 or r.random() < 0.7 else r.choice(types[1:])
        if kind == "places" and len(self.ids.get("City", ())) < len(ANCHORS["City"]):
            type_ = "City"
        rid = f"{type_.lower()}-{i:06d}"
        zh, en = ("", "") if type_ == "Observation" else self.name(type_, i)
        anchors = ANCHORS.get(type_, ())
        if len(self.ids.get(type_, ())) < len(anchors):  # the real ids queries/*.rq name
            rid, zh, en = anchors[len(self.ids.get(type_, ()))]
        self.names[rid] = (zh or rid, en or rid)
        body, rels = getattr(self, f"_{kind}")(rid, type_, i)
        kind_zh = ZH_TAIL.get(type_) or {"Person": "科研人员"}.get(type_, "统计数据")
        sentence = f"{zh or rid}是{kind_zh}之一。"
        lines = self.head(rid, type_, zh, en, sentence) if zh else self._obs_head(rid, sentence)
        lines += self.ids_field(type_, i) + body + self.relations(rid, rels)
        self.ids.setdefault(type_, []).append(rid)
        return lines

    def _obs_head(self, rid: str, sentence: str) -> list[str]:
        return [f"- id: {rid}", "  type: Observation", *self.evidence(sentence, "  ")]

    def _places(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple[str, str]]]:
        if type_ == "District":
            return [], [("located_in", self.pick("City")), ("part_of", self.pick("City"))]
        return [], []

    def _platforms(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        rels = [("located_in", self.pick("District", "City"))]
        if self.ids.get("Laboratory") and self.rng.random() < 0.2:
            rels.append(("branch_of", self.pick("Laboratory")))
        if self.rng.random() < 0.5:
            rels.append(("co_built_by", self.pick("University", "Firm", "GovernmentBody")))
        if self.rng.random() < 0.5:
            rels.append(("has_topic", self.pick("Topic")))
        return [], rels

    def _organisations(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        body: list[str] = []
        rels = [("located_in", self.pick("District", "City"))]
        if type_ == "Firm" and self.ids.get("Firm") and self.rng.random() < 0.3:
            founders = sorted({self.pick("Firm") for _ in range(self.rng.randint(1, 3))})
            body = [f"  founded_by: [{', '.join(founders)}]", f"  date: {self.date()}"]
        if self.ids.get("Firm") and self.rng.random() < 0.3:
            rels.append(("cooperates_with", self.pick("Firm")))
        return body, rels

    def _people(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        body = ["  roles:"]
        for _ in range(self.rng.randint(1, 2)):
            org = self.pick("Firm", "University", "Laboratory")
            body += [f"    - org: {org}", f"      title: {{zh: {q('主任')}, en: Director}}"]
            body += self.evidence(f"{self.names[rid][0]}担任{self.names[org][0]}主任。", "      ")
        return body, []

    def _events(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        body = [f"  date: {self.date()}", f"  place: {self.pick('City', 'District')}"]
        return body, ([("has_topic", self.pick("Topic"))] if self.ids.get("Topic") else [])

    def _topics(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        return [], []

    def _agreements(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        parties = sorted(
            {
                self.pick("City", "Firm", "University", "GovernmentBody")
                for _ in range(self.rng.randint(2, 4))
            }
        )
        while len(parties) < 2:
            parties = sorted({*parties, self.pick("City", "Firm")})
        body = [
            f"  parties: [{', '.join(parties)}]",
            f"  date: {self.date()}",
            f"  place: {self.pick('City')}",
        ]
        if self.rng.random() < 0.5:
            body.append(f"  occasion: {self.pick('Event')}")
        body.append(f"  topics: [{self.pick('Topic')}]")
        return body, []

    def _policies(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        start = self.rng.randint(2016, 2022)
        body = [
            f"  issued_by: [{self.pick('GovernmentBody', 'City')}]",
            f"  date: {self.date()}",
            f"  period: {{start: {start}, end: {start + self.rng.randint(1, 5)}}}",
            f"  topics: [{self.pick('Topic')}]",
            f"  supports: [{self.pick('Laboratory', 'ScienceCity', 'Firm')}]",
        ]
        return body, []

    def _indicators(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        return [], []

    def _observations(self, rid: str, type_: str, i: int) -> tuple[list[str], list[tuple]]:
        r = self.rng
        year = r.randint(2015, 2022)
        period = (
            f"{year}"
            if r.random() < 0.8
            else f"{{label: {q(f'{year}年1-9月')}, start: {q(f'{year}-01')}, "
            f"end: {q(f'{year}-09')}}}"
        )
        body = [
            f"  area: {self.pick('City', 'District')}",
            f"  indicator: {self.pick('Indicator')}",
            f"  value: {round(r.uniform(0.1, 30000), 2)}",
            f"  unit: {q(r.choice(UNITS))}",
            f"  period: {period}",
            f"  measures: {q('研发投入')}",
        ]
        return body, []

    def _sources(self) -> list[str]:
        """sources.yaml: one SourceDocument per synthetic text, citing its own title."""
        lines: list[str] = []
        for d, did in enumerate(self.doc_ids):
            title = f"广深合作报道第{d}号"
            self.sentences[d].insert(0, title)
            lines += [
                f"- id: {did}",
                "  type: SourceDocument",
                f"  file: {did}.txt",
                "  label:",
                f"    zh: {q(title)}",
                f"    en: {q(f'Guangzhou–Shenzhen cooperation report no. {d}')}",
                f"  date: {q(f'20{15 + d % 8}-{1 + d % 12:02d}-{1 + d % 28:02d}')}",
                f"  publisher: {q('合成日报')}",
                f"  url: https://example.org/synthetic/{did}.html",
                f"  doc: {did}",
                f"  quote: {q(title)}",
            ]
        return lines


#: Generation order: every kind refers only to kinds before it (or to itself).
ORDER = [
    "topics",
    "places",
    "organisations",
    "platforms",
    "people",
    "events",
    "agreements",
    "policies",
    "indicators",
    "observations",
]
FILES = {
    "organisations": "organisations.yaml",
    "indicators": "figures.yaml",
    "observations": "figures.yaml",
}


def generate(n: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write `n` synthetic records to `out` (a data directory); return the count per kind."""
    g = Generator(n, seed)
    files: dict[str, list[str]] = {}
    for kind in ORDER:
        lines = files.setdefault(FILES.get(kind, f"{kind}.yaml"), [])
        start = sum(len(v) for v in g.ids.values())
        for i in range(g.counts[kind]):
            lines += g.record(kind, start + i + 1)
    files["sources.yaml"] = g._sources()
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    header = "# Synthetic data from bench/generate.py (n={n}, seed={seed}); not real facts.\n"
    for name, lines in files.items():
        text = header.format(n=n, seed=seed) + "\n".join(lines) + "\n"
        (out / name).write_text(text, encoding="utf-8")
    # The unit table is reference data, not synthetic: the shipped one, so every unit resolves.
    shutil.copy(UNIT_TABLE, out / "units.yaml")
    for did, sentences in zip(g.doc_ids, g.sentences, strict=True):
        (out / "sources" / f"{did}.txt").write_text("\n\n".join(sentences) + "\n", "utf-8")
    return dict(g.counts)


def main(argv: list[str] | None = None) -> None:
    """Command line: `python -m bench.generate N OUT [--seed S]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of records")
    parser.add_argument("out", type=Path, help="data directory to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    counts = generate(args.n, args.out, args.seed)
    print(f"{sum(counts.values())} records in {args.out}: {counts}")


if __name__ == "__main__":
    main()
