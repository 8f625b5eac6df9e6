"""Relations between the entities of one sentence, suggested by cue words and limited to
the properties whose domain and range (in the ontology) admit both classes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ontology import Ontology
from ..schema import RELATIONS
from .entities import Mention

# (YAML key, cue words, where the subject is: "before" the cue or "after" it)
CUES: list[tuple[str, str, str]] = [
    ("located_in", r"位于|坐落于|落户|落地|地处", "before"),
    ("located_in", r"入驻|进驻|集聚在|分布在", "before"),
    ("branch_of", r"分部|分中心|分校|分院|基地", "name"),
    ("co_built_by", r"共建|联合共建|合作共建|共同推进|共同建设|联合建设|合资建设", "after"),
    ("founded_by", r"设立|成立|创立|创办|组建|合资", "after"),
    ("member_of", r"加入|成员|会员", "before"),
    ("cooperates_with", r"合作|携手|牵手|联手|签署|签订", "before"),
    ("supports", r"支持|扶持|推动", "before"),
    ("led_by", r"牵头|主导|领衔|主办|主持|承办", "after"),
    ("part_of", r"隶属|下属|属于", "before"),
    ("has_topic", r"聚焦|围绕|面向|专注|主攻|领域", "before"),
]
_WINDOW = 40  # characters around the cue a party may be in
_CLAUSE = re.compile(r"[，,。；;：:！？!?]")


@dataclass(frozen=True)
class Relation:
    """`subject --key--> target`, suggested by `cue` (offsets relative to the sentence)."""

    subject: Mention
    key: str
    target: Mention
    cue: str
    start: int
    end: int


def admits(onto: Ontology, key: str, subject_type: str, target_type: str) -> bool:
    """Do the domain and range of the relation's property admit these classes?"""
    prop = RELATIONS[key]
    if prop not in onto.kinds:
        return False
    domain, range_ = onto.domains.get(prop, set()), onto.ranges.get(prop, set())
    return onto.fits(subject_type, domain) and onto.fits(target_type, range_)


def relations(sentence: str, mentions: list[Mention], onto: Ontology) -> list[Relation]:
    """Relations suggested in one sentence, each pair of entities at most once per key."""
    out: dict[tuple[str, str, str], Relation] = {}
    for key, cue, side in CUES:
        for hit in re.finditer(cue, sentence):
            for subj, target in _pairs(mentions, hit, side):
                if subj.id == target.id or not admits(onto, key, subj.type, target.type):
                    continue
                if key == "has_topic" and subj.type == "Topic":
                    continue
                if key == "cooperates_with" and (target.id, key, subj.id) in out:
                    continue  # symmetric: once
                rel = Relation(subj, key, target, hit.group(), hit.start(), hit.end())
                out.setdefault((subj.id, key, target.id), rel)
    return list(out.values())


def _pairs(mentions: list[Mention], hit: re.Match[str], side: str) -> list[tuple[Mention, Mention]]:
    if side == "name":  # 鹏城实验室广州基地: the name holding the cue is a branch of its head
        holders = [m for m in mentions if m.start <= hit.start() and hit.end() <= m.end]
        heads = [m for m in mentions if m.end <= hit.start() and hit.start() - m.end < 8]
        return [(h, p) for h in holders for p in heads[-1:]] + [
            (h, p) for h in holders for p in mentions if p is not h and h.text.startswith(p.text)
        ]
    # both parties in the cue's clause; on the subject's side only the nearest one, unless
    # several are listed (A、B、C): 广深共同推进A、B的建设 → A and B
    text = hit.string
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, hit.start())), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(text, hit.end())), len(text))
    before = [m for m in mentions if left <= m.start and m.end <= hit.start()]
    after = [m for m in mentions if hit.end() <= m.start and m.end <= right]
    before = [m for m in before if hit.start() - m.end <= _WINDOW]
    after = [m for m in after if m.start - hit.end() <= _WINDOW]
    if side == "before":
        return [(s, t) for s in _outer(before)[-1:] for t in _outer(after)[:1]]
    return [(s, t) for s in _outer(after) for t in _outer(before)]


def _outer(mentions: list[Mention]) -> list[Mention]:
    """Mentions not inside another one (琶洲 inside 琶洲实验室 is not a party)."""
    return [
        m for m in mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)
    ]  # fmt: skip
