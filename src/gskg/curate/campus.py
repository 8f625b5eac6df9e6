"""A university or body and the city of its campus in brackets: one name.

香港科技大学(广州), 港科大（广州）, 澳科大（珠海）: the bracket names the campus, and the
whole is the name of another entity than the parent (the known hkust-guangzhou, not hkust);
read apart, the parent is proposed instead and 中大 inside 港中大（深圳） meets Sun Yat-sen
University.  The whole is a known name when one is written so (brackets of either width,
with or without 分校/校区), else a new one of the parent's type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .names import Known, Mention, slug

# the campus: a known city or district name, and nothing else, in brackets
# (not a firm's registered name: 腾讯科技（深圳）有限公司)
_BRACKET = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)](?!有限|股份|公司|分公司)")
_PLACE_TYPES = re.compile(r"City|District|Province")
_BODIES = re.compile(r"University|Organization|Institute|College|School")
_ENGLISH = {"University": "university"}


def campuses(sentence: str, found: list[Mention], known: Callable[[str], list[Mention]],
             names: Mapping[str, Known]) -> list[Mention]:  # fmt: skip
    """`found` (a sentence's names) with each name followed by its campus in brackets
    replaced by the whole, and the names inside its first part dropped (港科大, 中大 of 港中大)."""
    wholes: list[tuple[Mention, int]] = []  # the whole, where its bracket opens
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        b = _BRACKET.match(sentence, m.end)
        if (
            b is None
            or not _BODIES.search(m.type)
            or any(w.start <= m.start < at for w, at in wholes)
        ):
            continue
        if not any(k.known and _PLACE_TYPES.search(k.type) and (k.start, k.end) == b.span(1)
                   for k in found):  # fmt: skip
            continue
        whole = sentence[m.start : b.end()]
        # 港科大（广州）: the parent known by another of its names (香港科技大学(广州)分校)
        others = [n for n, k in names.items() if m.known and k.id == m.id] if m.known else []
        found_whole = next(
            (w for n in [m.text, *others] if (w := _known_whole(n + b.group(), m.start, known))),
            None,
        )
        if found_whole is not None:
            found_whole = Mention(m.start, b.end(), whole, found_whole.id, found_whole.type,
                                  True, found_whole.why)  # fmt: skip
        wholes.append((found_whole or Mention(
            m.start, b.end(), whole, slug(whole, _ENGLISH.get(m.type, "organisation")), m.type,
            False, f"campus: {m.text} and its city in brackets"), m.end))  # fmt: skip
    inside = [(w.start, at) for w, at in wholes]
    kept = [m for m in found if not any(a <= m.start < b for a, b in inside)]
    return kept + [w for w, _ in wholes]


def _known_whole(whole: str, start: int, known: Callable[[str], list[Mention]]) -> Mention | None:
    """The known record written `whole` (or with the other width of brackets, or 分校/校区);
    its offsets from `start`, as long as `whole` (the caller sets the sentence's)."""
    wide = whole.replace("(", "（").replace(")", "）")
    narrow = whole.replace("（", "(").replace("）", ")")
    for form in dict.fromkeys([whole, wide, narrow]):
        for text in (form, form + "分校", form + "校区"):
            hit = [k for k in known(text) if (k.start, k.end) == (0, len(text))]
            if hit:
                k = hit[0]
                return Mention(start, start + len(whole), whole, k.id, k.type, True,
                               f"known name ({text})")  # fmt: skip
    return None
