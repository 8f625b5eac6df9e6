"""The search index: names of every resource (zh and en labels, aliases, pinyin), ranked.

Built from the catalog (catalog.py), so it is rebuilt with the graph.  An index of character
bigrams (and single characters) over every name finds any part of a name, of any length:
SQLite's FTS5 trigram tokenizer cannot match a query of fewer than three characters, and most
Chinese place names have two (广州, 深圳).  A query is normalised (NFKC, case folded, controls
dropped, spaces collapsed); for the pinyin tier also stripped of tones, spaces and
punctuation, so `pazhou`, `Pa Zhou` and `pàzhōu` all match 琶洲 (`pazhou`).

Punctuation between words counts as a space (`Sun Yat sen` finds Sun Yat-sen University);
a query naming a city with its "市" / "City" (`深圳市`, `Guangzhou City`) is also read
without it.  Membership nodes (a person's post) are not indexed: their person is.

Ranking, best first: exact name (label, then alias, then pinyin), name prefix (same
order), name contains (same order); then, when a Latin-script word of the query is in no
name, the same query with that word corrected (fuzzy.py, edit distance 1–2); ties by
number of statements, then label.
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
from .fuzzy import Vocabulary

MAX_QUERY = 200  # characters; longer queries are refused with a message
TIERS = ("label", "alias", "pinyin")
FIGURE = f"{GSKG}Observation"
CITY = f"{GSKG}City"
HIDDEN = {f"{GSKG}Membership"}  # found through their person, not on their own
_PUNCT = re.compile(r"[\-‐‑–—_.,;:!?/\\()\[\]{}'’\"“”·・]+")
_CITY_SUFFIX = re.compile(r"^(?:city of )?(.+?)(?: city|市)$")
_SPACES = re.compile(r"\s+")
_NOT_PINYIN = re.compile(r"[^a-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PINYIN_LIKE = re.compile(r"[a-z\s'’:\-]+")  # after tone marks are stripped


def normalise(text: str) -> str:
    """NFKC, case folded, control and unpaired surrogate characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text.encode("utf-8", "ignore").decode("utf-8"))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", _PUNCT.sub(" ", text.casefold())).strip()


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
    tier: int  # 0 label, 1 alias, 2 pinyin
    how: int  # 0 exact, 1 prefix, 2 contains; 3-5 the same after correcting a typo
    name: str


class SearchIndex:
    """Names → resources, with a bigram index for parts of names."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.names: list[tuple[str, int, Entry]] = []  # (normalised name, tier, entry)
        for e in catalog.entries.values():
            if not HIDDEN.intersection(e.classes):
                self._add(e)
        postings: dict[str, list[int]] = defaultdict(list)
        exact: dict[str, list[int]] = defaultdict(list)
        for i, (name, _, _) in enumerate(self.names):
            exact[name].append(i)
            for g in grams(name):
                postings[g].append(i)
            if len(name) > 1:  # single characters find names too (one-character queries)
                for ch in set(name):
                    postings[ch].append(i)
        # Arrays of machine integers: a tenth of the memory of lists of Python ints at 10M.
        self.postings: dict[str, array] = {k: array("i", v) for k, v in postings.items()}
        self.exact: dict[str, array] = {k: array("i", v) for k, v in exact.items()}
        # Typos are corrected against the words of labels and aliases (not run-together pinyin).
        self.words = Vocabulary(w for name, tier, _ in self.names if tier < 2 for w in name.split())

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

    def _matches(self, q: str, how_floor: int = 0) -> dict[int, int]:
        """id(entry) → best score (rank × n + name id) of the names matching `q`."""
        py = pinyin_key(q) if not _CJK.search(q) else ""
        best: dict[int, int] = {}
        names, n = self.names, len(self.names) + 1
        for ids, key, pinyin_only in (
            (self._candidates(q), q, False),
            (self._candidates(py) if py and py != q else (), py, True),
        ):
            for i in ids:
                name, tier, e = names[i]
                if pinyin_only and tier != 2 or (tier == 2 and key != py and py) or key not in name:
                    continue
                how = how_floor + (0 if name == key else 1 if name.startswith(key) else 2)
                score = (how * 3 + tier) * n + i
                if best.get(id(e), score + 1) > score:
                    best[id(e)] = score
        return best

    def _city(self, q: str, how_floor: int = 0) -> dict[int, int]:
        """A city named exactly as `q` without its "市" / "City" (`深圳市`, `Guangzhou City`):
        an exact match (a dictionary look-up, not a scan of every name with "guangzhou")."""
        m = _CITY_SUFFIX.match(q)
        if not m or not m.group(1).strip():
            return {}
        n, out = len(self.names) + 1, {}
        for i in self.exact.get(m.group(1).strip(), ()):
            _, tier, e = self.names[i]
            if CITY in e.classes:
                out[id(e)] = (how_floor * 3 + tier) * n + i
        return out

    def corrected(self, q: str) -> str | None:
        """`q` with its Latin-script words that are in no name corrected, if any is."""
        words = q.split()
        fixed = [None if w in self.words else self.words.correct(w) for w in words]
        if not any(fixed):
            return None
        return " ".join(f or w for f, w in zip(fixed, words, strict=True))

    def _best(self, query: str) -> list[int]:
        """Every match of `query` (normalised here) as a score, unordered (see `hit`)."""
        q = normalise(query)
        if not q:
            return []
        best: dict[int, int] = {}
        found = (self._matches(q), self._city(q))
        if not any(found) and (fixed := self.corrected(q)):  # nothing as typed: a typo?
            found = (self._matches(fixed, how_floor=3), self._city(fixed, how_floor=3))
        for matches in found:
            for key, score in matches.items():
                if best.get(key, score + 1) > score:
                    best[key] = score
        return list(best.values())

    def _top(self, scores: list[int], k: int) -> list[int]:
        """The best `k` scores, best first."""
        names, n = self.names, len(self.names) + 1
        # A figure is named after what it measures ("琶洲实验室 项目经费"): at the same rank
        # the things themselves come first, then by number of statements.
        return heapq.nsmallest(k, scores, key=lambda s: (
            s // n, _is_figure(names[s % n][2]), -names[s % n][2].statements,
            names[s % n][2].zh or names[s % n][2].en, names[s % n][2].iri))  # fmt: skip

    def hit(self, score: int) -> Hit:
        """The hit a score of `ranked` stands for."""
        n = len(self.names) + 1
        name, tier, entry = self.names[score % n]
        return Hit(entry, tier, (score // n) // 3, name)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The best `limit` resources for `query` (normalised here), best first."""
        return [self.hit(s) for s in self._top(self._best(query), limit)]

    def page(self, query: str, offset: int, limit: int) -> tuple[list[Hit], int]:
        """Hits `offset` to `offset + limit` of `query`, and how many there are in all."""
        scores = self._best(query)
        top = self._top(scores, offset + limit)[offset:]
        return [self.hit(s) for s in top], len(scores)


def _is_figure(entry: Entry) -> bool:
    return FIGURE in entry.classes


def rank(hit: Hit) -> int:
    """Exact label, alias, pinyin (0-2); prefix (3-5); contains (6-8); the same after
    correcting a typo (9-17)."""
    return hit.how * 3 + hit.tier
