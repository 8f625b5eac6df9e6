"""Typo tolerance for Latin-script search words: `Shenzen` → `shenzhen`, `Guangzou` →
`guangzhou`, `Kuangchi` → … (edit distance 1 for words of 4–7 letters, 2 from 8 on).

A symmetric-delete index (the SymSpell method): every word of the names is stored under
each string made by deleting up to two of its letters, so a typed word is corrected by
looking up its own deletions, a few hundred dictionary look-ups instead of comparing it
with every word.  The candidates found are then checked with the true distance (optimal
string alignment: a swap of two neighbours counts as one edit).  Pure Python, no new
dependency: at 1M triples a lookup is well under a millisecond.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

MAX_EDITS = 2
LONGEST = 24  # longer words (a long name's pinyin run together) are not corrected


def allowed(word: str) -> int:
    """How many edits a word of this length may have: none under 4 letters (too many
    short words are one edit apart), one up to 7, two from 8 on."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def deletions(word: str, edits: int) -> set[str]:
    """`word` with up to `edits` letters deleted (itself included)."""
    out, edge = {word}, {word}
    for _ in range(edits):
        edge = {w[:i] + w[i + 1 :] for w in edge if len(w) > 1 for i in range(len(w))}
        out |= edge
    return out


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
        self.index: dict[str, list[str]] = defaultdict(list)
        for w in self.count:
            for d in deletions(w, allowed(w)):
                self.index[d].append(w)

    def __contains__(self, word: str) -> bool:
        return word in self.count

    def correct(self, word: str) -> str | None:
        """The closest word within the edits `word`'s length allows, or None."""
        edits = allowed(word)
        if (
            not edits
            or word in self.count
            or not word.isascii()
            or not word.isalpha()
            or len(word) > LONGEST
        ):
            return None
        best: tuple[int, int, str] | None = None
        for d in deletions(word, edits):
            for cand in self.index.get(d, ()):
                dist = distance(word, cand)
                if dist <= min(edits, allowed(cand)):
                    key = (dist, -self.count[cand], cand)
                    best = key if best is None or key < best else best
        return best[2] if best else None
