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
        others = [n for n, k in names.items() if k.id == m.id] if m.known else []
        hit = next((k for n in [m.text, *others] if (k := _known_whole(n + b.group(), known))),
                   None)  # fmt: skip
        if hit is not None:
            mention = Mention(m.start, b.end(), whole, hit.id, hit.type, True, hit.why)
        else:
            mention = Mention(m.start, b.end(), whole,
                              slug(whole, _ENGLISH.get(m.type, "organisation")), m.type, False,
                              f"campus: {m.text} and its city in brackets")  # fmt: skip
        wholes.append((mention, m.end))
    inside = [(w.start, at) for w, at in wholes]
    kept = [m for m in found if not any(a <= m.start < b for a, b in inside)]
    return kept + [w for w, _ in wholes]


def _known_whole(whole: str, known: Callable[[str], list[Mention]]) -> Mention | None:
    """The known name written `whole` (or with the other width of brackets, or 分校/校区)."""
    wide = whole.replace("(", "（").replace(")", "）")
    narrow = whole.replace("（", "(").replace("）", ")")
    for form in dict.fromkeys([whole, wide, narrow]):
        for text in (form, form + "分校", form + "校区"):
            hit = [k for k in known(text) if (k.start, k.end) == (0, len(text))]
            if hit:
                return Mention(0, len(text), text, hit[0].id, hit[0].type, True,
                               f"known name ({text})")  # fmt: skip
    return None
