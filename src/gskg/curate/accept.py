"""A learned acceptance filter for proposed NEW names: a logistic regression over cheap,
general features of a name (which rule found it, its length and suffix class, how much of
it jieba's dictionary knows, known names inside it, its neighbours in the sentence, how
often the text repeats it).

The rules of entities.py find candidate names; many are junk on texts they were not tuned
on (a verb run into a name, a kind of place, a phrase). The weights are fitted on the
corpus' gold files by `python -m bench.train_names`, which writes `names_filter.json` next
to this module byte for byte the same each run; GSKG_CURATE_FILTER=off turns it off.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jieba.posseg

from .logistic import Logistic
from .names import ABBREVIATIONS, SUFFIXES, Known, Mention, Word

WEIGHTS = Path(__file__).with_name("names_filter.json")

# The rule that found a name, from its `why` (first match wins).
_SOURCES = [
    ("branch", r"head of a branch"),
    ("suffix", r"^suffix "),
    ("title", r"^title in 《》"),
    ("periodical", r"^title of a periodical"),
    ("bare_title", r"^title \(ends"),
    ("model_per", r"^person \(model\)"),
    ("model_loc", r"^place \(model\)"),
    ("model_gov", r"^government body \(model\)"),
    ("model_org", r"^organisation \(model\)"),
    ("jieba_tag", r"^(?:place|organisation) name$"),
    ("listed", r"^listed "),
    ("paired", r"^paired "),
    ("latin", r"^Latin-script"),
    ("issuer", r"^issuer|^government bodies run"),
    ("cited", r"^source cited"),
    ("post", r"^organisation before the post"),
    ("person", r"^name |^speaker|^person name"),
]
_SUFFIX_RULES = [(rule, re.compile(f"(?:{suffix})$")) for rule, suffix, _, _ in SUFFIXES]
_PROPER_TAGS = ("ns", "nr", "nrt", "nrfg", "nt", "nz", "j", "eng")
_NOT_AGENTS = ("Topic", "Indicator", "Unit", "Observation")
_LENGTHS = [(2, "len2"), (3, "len3"), (5, "len4_5"), (8, "len6_8"), (12, "len9_12")]
_PARTS = [(1, "parts1"), (2, "parts2"), (3, "parts3")]


def source(why: str) -> str:
    """The rule that found a name, as a short key (`other` for the rest)."""
    return next((key for key, pattern in _SOURCES if re.search(pattern, why)), "other")


def suffix_class(name: str) -> str:
    """The suffix rule a name's end matches (`laboratory`, `city` …), or `none`."""
    return next((rule for rule, pattern in _SUFFIX_RULES if pattern.search(name)), "none")


@dataclass(frozen=True)
class Context:
    """What a name's features read besides the name: its sentence and that sentence's words,
    the known names, and how many times the text names it (under its key)."""

    sentence: str
    words: list[Word]
    names: dict[str, Known]
    count: int
    text: str = ""  # the whole text (its raw count of the name)


def features(m: Mention, ctx: Context) -> dict[str, float]:
    """The features of the new name `m` (binary ones 1.0 when present, absent otherwise)."""
    name = m.text
    out: dict[str, float] = {"bias": 1.0, f"src:{source(m.why)}": 1.0}
    out[f"cls:{suffix_class(name)}"] = 1.0
    out[next((key for most, key in _LENGTHS if len(name) <= most), "len13+")] = 1.0
    out.update(_parts(name))
    out.update(_known(name, ctx.names))
    out.update(_neighbours(m, ctx))
    out["repeated"] = 1.0 if ctx.count > 1 else 0.0
    out["in_text"] = math.log(max(1, ctx.text.count(name))) / 3
    out["abbrev_start"] = 1.0 if name[0] in ABBREVIATIONS else 0.0
    out["digit"] = 1.0 if re.search(r"[\d一二三四五六七八九十]", name) else 0.0
    out["latin"] = 1.0 if re.search(r"[A-Za-z]", name) else 0.0
    out["quote_or_bracket"] = 1.0 if re.search(r"[“”\"()（）《》·]", name) else 0.0
    out["particle"] = 1.0 if re.search(r"[的了在是把被将]", name) else 0.0
    return {k: v for k, v in out.items() if v}


def _parts(name: str) -> dict[str, float]:
    """How jieba's own dictionary reads the name: one known word, its parts, their tags."""
    dt = jieba.posseg.dt
    freq = dt.tokenizer.FREQ
    parts = [(p.word, p.flag) for p in dt.lcut(name, HMM=False)]
    out = {next((key for most, key in _PARTS if len(parts) <= most), "parts4+"): 1.0}
    first = parts[0][1] if parts else ""
    out["verb_first"] = 1.0 if first[:1] == "v" and first != "vn" else 0.0
    out["function_first"] = 1.0 if first[:1] in "dpcu" and first else 0.0
    out["dict_word"] = 1.0 if freq.get(name, 0) > 0 else 0.0
    whole = dt.word_tag_tab.get(name, "") if freq.get(name, 0) > 0 else ""
    out["dict_proper"] = 1.0 if whole in _PROPER_TAGS else 0.0
    out["log_freq"] = math.log1p(freq.get(name, 0)) / 10
    cjk = [(w, f) for w, f in parts if re.match(r"[\u4e00-\u9fff]", w)]
    if cjk:
        rarest = min(freq.get(w, 0) for w, _ in cjk)
        out["rarest_part"] = math.log1p(rarest) / 10
        out["proper_parts"] = sum(f in _PROPER_TAGS for _, f in cjk) / len(cjk)
        out["verb_part"] = 1.0 if any(f == "v" and len(w) > 1 for w, f in cjk) else 0.0
        out["function_part"] = 1.0 if any(f[:1] in "dpcu" for _, f in cjk) else 0.0
        out["single_chars"] = sum(len(w) == 1 for w, _ in cjk) / len(cjk)
    return out


def _known(name: str, names: dict[str, Known]) -> dict[str, float]:
    """Known names inside the name (at its start, or elsewhere), and the name inside one."""
    agents = [n for n, k in names.items() if k.type not in _NOT_AGENTS]
    inner = [n for n in agents if n in name and n != name]
    head = max((n for n in inner if name.startswith(n)), key=len, default="")
    rest = name[len(head) :]
    freq = jieba.posseg.dt.tokenizer.FREQ
    return {
        "rest_common": 1.0 if head and freq.get(rest, 0) >= 100 else 0.0,
        "known_start": 1.0 if any(name.startswith(n) for n in inner) else 0.0,
        "known_inside": 1.0 if any(not name.startswith(n) for n in inner) else 0.0,
        "known_most": 1.0 if any(2 * len(n) >= len(name) for n in inner) else 0.0,
        "in_known": 1.0 if any(name in n and n != name for n in agents) else 0.0,
    }


def _neighbours(m: Mention, ctx: Context) -> dict[str, float]:
    """What stands right before and after the name in its sentence."""
    s = ctx.sentence
    before, after = s[m.start - 1 : m.start], s[m.end : m.end + 1]
    word_before = next((w for w in reversed(ctx.words) if w[1] <= m.start), None)
    return {
        "list_sep": 1.0 if "、" in before + after else 0.0,
        "verb_before": 1.0 if word_before and word_before[3][:1] == "v" else 0.0,
        "de_after": 1.0 if after == "的" else 0.0,
        "opens_sentence": 1.0 if m.start == 0 else 0.0,
        "cjk_before": 1.0 if re.match(r"[\u4e00-\u9fff]", before) else 0.0,
        "cjk_after": 1.0 if re.match(r"[\u4e00-\u9fff]", after) else 0.0,
    }


class NameFilter(Logistic):
    """The filter of new names: a name must reach `threshold` to be proposed."""


def load_filter() -> NameFilter | None:
    """The fitted filter, or None (no weights file, or GSKG_CURATE_FILTER=off)."""
    if os.environ.get("GSKG_CURATE_FILTER", "").strip().lower() == "off":
        return None
    return _load(WEIGHTS)


@functools.cache
def _load(path: Path) -> NameFilter | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return NameFilter(data["weights"], data["threshold"])
