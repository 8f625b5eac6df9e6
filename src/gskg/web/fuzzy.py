"""Typo tolerance for Latin-script search words: `Shenzen` → `shenzhen`, `Guangzou` →
`guangzhou`, `Univresity` → `university` (edit distance 1 for words of 4–7 letters, 2 from
8 on).

The words of the names are indexed by their letter pairs, padded (`^s sh he … en n$`); one
edit changes at most three pairs (a swap), so a word within k edits of the typed one shares
all but 3k of its pairs.  Counting shared pairs over the pairs' lists narrows the vocabulary to a
few candidates, which are checked with the true distance (optimal string alignment: a swap
of two neighbours counts as one edit).  Pure Python, no new dependency; at 1M triples
(14 000 words) the index is a few hundred thousand list entries and a lookup takes about
a millisecond.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

MAX_EDITS = 2
LONGEST = 24  # longer words (a long name's pinyin run together) are not corrected


def allowed(word: str) -> int:
    """How many edits a word of this length may have: none under 4 letters (too many
    short words are one edit apart), one up to 7, two from 8 on."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def pairs(word: str) -> set[str]:
    """The padded letter pairs of `word` (`^s`, `sh`, …, `n$`)."""
    padded = f"^{word}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def distance(a: str, b: str, cap: int = MAX_EDITS + 1) -> int:
    """Optimal string alignment distance of `a` and `b` (at most `cap`)."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], cap)


class Vocabulary:
    """The words of the names, each with how often it occurs (ties go to the commoner)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.count: dict[str, int] = defaultdict(int)
        for w in words:
            if w.isascii() and w.isalpha() and len(w) <= LONGEST:
                self.count[w] += 1
        self.words = sorted(self.count)
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(self.words):
            for p in pairs(w):
                self.index[p].append(i)

    def __contains__(self, word: str) -> bool:
        return word in self.count

    def correct(self, word: str) -> str | None:
        """The closest word within the edits `word`'s length allows, or None."""
        edits = allowed(word)
        if (not edits or word in self.count or not word.isascii() or not word.isalpha()
                or len(word) > LONGEST):  # fmt: skip
            return None
        mine = pairs(word)
        shared = Counter(i for p in mine for i in self.index.get(p, ()))
        need = len(mine) - 3 * edits  # a swap of neighbours changes three pairs
        best: tuple[int, int, str] | None = None
        for i, n in shared.items():
            cand = self.words[i]
            if n < need or abs(len(cand) - len(word)) > edits:
                continue
            dist = distance(word, cand)
            if dist <= min(edits, max(allowed(cand), 1)):
                key = (dist, -self.count[cand], cand)
                best = key if best is None or key < best else best
        return best[2] if best else None
