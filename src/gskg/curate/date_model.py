"""A learned chooser of the dated clauses that are records: a logistic regression over
general features of every time expression of a sentence and the clause around it.

The rules (dated.py, clauses.py) read a dated record from a clause by its verbs; on texts
they were not written against they miss records of kinds they do not know and keep
clauses of kinds they do. Here every time expression that names a date is a candidate,
with the rules' proposal for it (if any) as one of its features: the class of the
clause's verbs, where the date stands, the date's precision and pattern, what the clause
names (known or new, of which class), amounts and growth words (a statistic, not an
event), future and anniversary words. The weights are fitted on the corpus' gold files
by `python -m bench.train_dates`, which writes `date_model.json` next to this module
(byte for byte the same each run); GSKG_CURATE_DATES=off turns the model off (the rules
alone decide).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .clauses import ANNIVERSARY, CHUNK, FUTURE, VERBS
from .dated import TRIGGERS, Dated
from .logistic import Logistic
from .names import Mention, slug
from .periods import When

WEIGHTS = Path(__file__).with_name("date_model.json")
IsA = Callable[[str, str], bool]

# the classes of what a clause names (first match of a mention's type)
_CLASSES = ("Person", "GovernmentBody", "Organization", "Platform", "Policy", "Agreement",
            "Event", "Report", "AdministrativeArea", "Place")  # fmt: skip
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:%|％|亿|万|千|元|个|家|项|人|倍|平方|公里)")
_GROWTH = re.compile(r"增长|同比|下降|比上年|比重|占比|增速|总量|累计|达到|突破")
_SINCE = re.compile(r"^(?:以来|起|至今|开始|期间|以后|之后|前|后|底|末|初|中|内|上半年|下半年)")
_TITLE = re.compile(r"《[^《》]*》")
# a dateline, a byline or a page's metadata line (2020-10-26 22:00 来源：…)
_BYLINE = re.compile(r"来源|编辑|记者|通讯员|发布时间|浏览|责任|讯|电(?=[\s　]|$)|\d{1,2}:\d{2}")
_RANGE = re.compile(r"[日月年][至到—–~～-]$")
_LEADS = re.compile(r"^(?:据|在|于|自|从|截至|到|早在|就在|而|并|以及|及)$")


@dataclass(frozen=True)
class Candidate:
    """A date of a sentence that may date a record, with the rules' proposal for it."""

    when: When
    rule: Dated | None
    features: dict[str, float]


def candidates(sentence: str, times: list[When], found: list[Dated],
               mentions: list[Mention], is_a: IsA) -> list[Candidate]:  # fmt: skip
    """One candidate per record the rules found (`found`), and one per date of `times`
    that no rule took."""
    out = [Candidate(d.when, d, features(sentence, d.when, d, times, mentions, is_a))
           for d in found if d.when is not None]  # fmt: skip
    taken = {(d.when.start, d.when.end, d.when.date) for d in found if d.when is not None}
    for t in times:
        if t.date and (t.start, t.end, t.date) not in taken:
            out.append(Candidate(t, None, features(sentence, t, None, times, mentions, is_a)))
    return out


def features(sentence: str, t: When, rule: Dated | None, times: list[When],
             mentions: list[Mention], is_a: IsA) -> dict[str, float]:  # fmt: skip
    """The features of date `t` of `sentence` (binary ones 1.0 when present, else absent)."""
    a, b = _clause(sentence, t)
    out: dict[str, float] = {"bias": 1.0, f"when:{t.kind}": 1.0}
    out[f"prec:{len(t.date or '')}"] = 1.0
    out.update(_rule(rule, is_a))
    out.update(_position(sentence, t, a))
    out.update(_verbs(sentence, t, a, b))
    out.update(_named(t, mentions, a, b, is_a))
    clause = sentence[a:b]
    out["relative"] = 1.0 if t.relative else 0.0
    out["in_title"] = (
        1.0 if any(m.start() <= t.start < m.end() for m in _TITLE.finditer(sentence)) else 0.0
    )
    out["title_in_clause"] = 1.0 if _TITLE.search(clause) else 0.0
    out["amounts"] = min(len(_AMOUNT.findall(clause)), 4) / 4
    out["growth"] = 1.0 if _GROWTH.search(clause) else 0.0
    out["future"] = 1.0 if FUTURE.search(clause) else 0.0
    out["anniversary"] = 1.0 if ANNIVERSARY.search(clause) else 0.0
    out["times2"] = 1.0 if len(times) == 2 else 0.0
    out["times3+"] = 1.0 if len(times) > 2 else 0.0
    out["byline"] = 1.0 if _BYLINE.search(sentence) else 0.0
    out["long"] = 1.0 if len(sentence) > 80 else 0.0
    out["short"] = 1.0 if len(sentence) < 30 else 0.0
    return {k: v for k, v in out.items() if v}


def _clause(sentence: str, t: When) -> tuple[int, int]:
    """The clause around `t`: from the semicolon before it to the one after."""
    cuts = [m.end() for m in re.finditer(r"[；;]", sentence)]
    a = max([c for c in cuts if c <= t.start], default=0)
    b = min([c for c in cuts if c > t.start], default=len(sentence))
    return a, b


def _rule(rule: Dated | None, is_a: IsA) -> dict[str, float]:
    """What the rules proposed for the date: the kind, its sub-rule, the record's class."""
    if rule is None:
        return {"rule:none": 1.0}
    kind = rule.kind.split(" ")[0]
    out = {f"rule:{kind}": 1.0, "rule:any": 1.0}
    if "(" in rule.kind:  # event (launch): clauses.py's verb class
        out[f"rule:{rule.kind}"] = 1.0
    if rule.mention is not None:
        out["rule:known" if rule.mention.known else "rule:new"] = 1.0
    out["rule:agents"] = 1.0 if rule.agents else 0.0
    out["rule:carried"] = 1.0 if rule.when is not None and rule.when.kind == "paragraph" else 0.0
    out["rule:Event"] = 1.0 if is_a(rule.type, "Event") else 0.0
    return out


def _position(sentence: str, t: When, a: int) -> dict[str, float]:
    """Where the date stands: opening the sentence or its clause, before a comma, after 于."""
    before, after = sentence[max(0, t.start - 2) : t.start], sentence[t.end : t.end + 4]
    lead = sentence[a : t.start].strip("，, ")
    return {
        "opens_sentence": 1.0 if t.start == 0 or _LEADS.match(sentence[: t.start]) else 0.0,
        "opens_clause": 1.0 if not lead or _LEADS.match(lead) or before[-1:] in "，,：:" else 0.0,
        "comma_after": 1.0 if after[:1] in ("，", ",") else 0.0,
        "yu_before": 1.0 if before[-1:] == "于" else 0.0,
        "span_after": 1.0 if _SINCE.match(after) else 0.0,
        "de_after": 1.0 if after[:1] == "的" else 0.0,
        "late": 1.0 if t.start > len(sentence) / 2 else 0.0,
        # 4月23日至25日: the end of a span (the rules date it by its first day)
        "range_end": 1.0 if _RANGE.search(sentence, 0, t.start) else 0.0,
    }


def _verbs(sentence: str, t: When, a: int, b: int) -> dict[str, float]:
    """The classes of the event verbs of the clause: in the date's comma-chunk or the next
    (after the date), or elsewhere in the clause."""
    cuts = [m.end() for m in CHUNK.finditer(sentence, a, b)]
    end = next((c for c in cuts if c > t.end), b)
    near_end = next((c for c in cuts if c > end), b)
    out: dict[str, float] = {}
    for rule, verb in [*VERBS, *((k, p) for k, p in TRIGGERS if k != "report")]:
        near = verb.search(sentence, t.end, near_end)
        if near is not None and near.group():
            out[f"verb:{rule}"] = 1.0
        elif (far := verb.search(sentence, a, b)) is not None and far.group():
            out[f"verb_far:{rule}"] = 1.0
    return out


def _named(t: When, mentions: list[Mention], a: int, b: int, is_a: IsA) -> dict[str, float]:
    """What the clause names: a class of known or new names, and the date inside a name."""
    out: dict[str, float] = {}
    for m in mentions:
        if m.start <= t.start < m.end:
            out["in_name"] = 1.0
        if a <= m.start < b:
            cls = next((c for c in _CLASSES if is_a(m.type, c)), "Other")
            out[f"{'known' if m.known else 'new'}:{cls}"] = 1.0
    return out


def unnamed(sentence: str, t: When) -> Dated:
    """The record of a date no rule read: an Event named by the words of its comma-chunk
    (the next chunk, when the date's holds only the date)."""
    cuts = [0, *(m.end() for m in re.finditer(r"[，,；;：:]", sentence)), len(sentence)]
    i = max(k for k in range(len(cuts) - 1) if cuts[k] <= t.start)
    words = (sentence[cuts[i] : t.start] + sentence[t.end : cuts[i + 1]]).strip("，,；;：:。 ")
    if len(_LEADS.sub("", words)) < 4 and i + 2 < len(cuts):
        words = sentence[cuts[i + 1] : cuts[i + 2]].strip("，,；;：:。 ")
    words = re.sub(r"\s+", "", words)
    label = re.sub(r"^(?:据|在|于|自|从|而|并|以及|及|了|的)+", "", words)[:40] or t.text
    return Dated("event (model)", "Event", label, slug(label, "event"), t.start, t.end, when=t)


class DateModel(Logistic):
    """The chooser of dated records: a candidate must reach `threshold` to be one."""


class RulesOnly:
    """The rules decide: a candidate is a record when a rule read one."""

    def accepts(self, feats: dict[str, float]) -> bool:
        return "rule:none" not in feats


class Everything:
    """Every candidate is a record (bench/train_dates.py labels them all)."""

    def accepts(self, feats: dict[str, float]) -> bool:
        return True


def load_model() -> DateModel | RulesOnly:
    """The fitted model, or the rules alone (no weights file, or GSKG_CURATE_DATES=off)."""
    if os.environ.get("GSKG_CURATE_DATES", "").strip().lower() == "off":
        return RulesOnly()
    return _load(WEIGHTS)


@functools.cache
def _load(path: Path) -> DateModel | RulesOnly:
    if not path.exists():
        return RulesOnly()
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data.get("adopted"):
        return RulesOnly()  # the model did not beat the rules on cross-validation
    return DateModel(data["weights"], data["threshold"])
