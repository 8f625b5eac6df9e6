"""The search index: names of every resource (zh and en labels, aliases, pinyin), ranked.

Built from the catalog (catalog.py), so it is rebuilt with the graph.  An index of character
bigrams (and single characters) over every name finds any part of a name, of any length:
SQLite's FTS5 trigram tokenizer cannot match a query of fewer than three characters, and most
Chinese place names have two (广州, 深圳).  A query is normalised (NFKC, case folded, controls
dropped, spaces collapsed); for the pinyin tier also stripped of tones, spaces and
punctuation, so `pazhou`, `Pa Zhou` and `pàzhōu` all match 琶洲 (`pazhou`).

Ranking, best first: exact label, label prefix, label contains, alias (exact, prefix,
contains), pinyin (exact, prefix, contains); ties by number of statements, then label.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from ..ontology import GSKG
from .catalog import Catalog, Entry

MAX_QUERY = 200  # characters; longer queries are refused with a message
TIERS = ("label", "alias", "pinyin")
FIGURE = f"{GSKG}Observation"
_SPACES = re.compile(r"\s+")
_NOT_PINYIN = re.compile(r"[^a-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PINYIN_LIKE = re.compile(r"[a-z\s'’:\-]+")  # after tone marks are stripped


def normalise(text: str) -> str:
    """NFKC, case folded, control and unpaired surrogate characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text.encode("utf-8", "ignore").decode("utf-8"))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text.casefold()).strip()


def pinyin_key(text: str) -> str:
    """Latin letters only, tones removed (`Pà Zhōu` → `pazhou`, `lǜ` → `lv`); "" for text that
    is not written like pinyin (digits, other symbols)."""
    text = normalise(text).replace("ü", "v").replace("u:", "v")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _NOT_PINYIN.sub("", text) if _PINYIN_LIKE.fullmatch(text) else ""


def to_pinyin(text: str) -> str:
    """The toneless pinyin of `text`, without spaces (琶洲实验室 → pazhoushiyanshi)."""
    return _NOT_PINYIN.sub("", "".join(lazy_pinyin(normalise(text), v_to_u=False)))


def grams(text: str) -> set[str]:
    """The character bigrams of `text` (its single character if it has one)."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class Hit:
    """A resource found, and why (tier, how the name matched, which name)."""

    entry: Entry
    tier: int
    how: int  # 0 exact, 1 prefix, 2 contains
    name: str


class SearchIndex:
    """Names → resources, with a bigram index for parts of names."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.names: list[tuple[str, int, Entry]] = []  # (normalised name, tier, entry)
        for e in catalog.entries.values():
            self._add(e)
        postings: dict[str, list[int]] = defaultdict(list)
        for i, (name, _, _) in enumerate(self.names):
            for g in grams(name):
                postings[g].append(i)
            if len(name) > 1:  # single characters find names too (one-character queries)
                for ch in set(name):
                    postings[ch].append(i)
        # Arrays of machine integers: a tenth of the memory of lists of Python ints at 10M.
        self.postings: dict[str, array] = {k: array("i", v) for k, v in postings.items()}

    def _add(self, e: Entry) -> None:
        labels = {normalise(t) for t in (e.zh, e.en) if t}
        aliases = {normalise(t) for t, _ in e.aliases} - labels
        chinese = [t for t in (e.zh, *(t for t, _ in e.aliases)) if _CJK.search(t)]
        pinyin = {to_pinyin(t) for t in chinese}
        for tier, names in enumerate((labels, aliases, pinyin)):
            self.names.extend((n, tier, e) for n in sorted(names) if n)

    def _candidates(self, q: str) -> set[int]:
        lists = sorted((self.postings.get(k, ()) for k in grams(q)), key=len)
        if not lists or not lists[0]:
            return set()
        found = set(lists[0])
        for other in lists[1:3]:  # the rarest three narrow enough; `in` checks the rest
            found.intersection_update(other)
        return found

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The best `limit` resources for `query` (normalised here), best first."""
        q = normalise(query)
        if not q:
            return []
        py = pinyin_key(q) if not _CJK.search(q) else ""
        best: dict[int, int] = {}  # id(entry) → best rank × n + name id
        names, n = self.names, len(self.names) + 1
        for ids, key, pinyin_only in (
            (self._candidates(q), q, False),
            (self._candidates(py) if py and py != q else (), py, True),
        ):
            for i in ids:
                name, tier, e = names[i]
                if pinyin_only and tier != 2 or (tier == 2 and key != py and py) or key not in name:
                    continue
                how = 0 if name == key else 1 if name.startswith(key) else 2
                score = (tier * 3 + how) * n + i
                if best.get(id(e), score + 1) > score:
                    best[id(e)] = score
        # A figure is named after what it measures ("琶洲实验室 项目经费"): at the same rank
        # the things themselves come first, then by number of statements.
        top = heapq.nsmallest(limit, best.values(), key=lambda s: (
            s // n, _is_figure(names[s % n][2]), -names[s % n][2].statements,
            names[s % n][2].zh or names[s % n][2].en, names[s % n][2].iri))  # fmt: skip
        return [Hit(names[s % n][2], names[s % n][1], (s // n) % 3, names[s % n][0]) for s in top]


def _is_figure(entry: Entry) -> bool:
    return FIGURE in entry.classes


def rank(hit: Hit) -> int:
    """Exact, prefix, contains label (0-2); alias (3-5); pinyin (6-8)."""
    return hit.tier * 3 + hit.how
