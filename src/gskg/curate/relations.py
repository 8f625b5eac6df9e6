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
# How far from its cue a party may be: the construction joins the names and the cue
# (A位于B, A由B共建, A与B签署, B共建A); a party farther than this, or beyond another
# name or a comma, is not tied to the cue by the sentence.
_BEFORE = 10
_AFTER = 4
_CLAUSE = re.compile(r"[，,。；;：:！？!?]")
_PLACE = re.compile(r"City|District|Province|Country|Region|BayArea|Place")
# Words that may stand between a party and its cue (A已正式落户B, A与B正式签署).
_GLUE = re.compile(
    r"^(?:[与和及同、]|已|已经|正式|将|共同|联合|均|也|还|都|分别|了|在|于|由|为|"
    r"成功|率先|首次|今年|目前|日前|近日|现场|"
    r"\d{1,2}月\d{1,2}日|[一-龥]{0,2}年)*$"
)


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
            if side != "name" and any(m.start <= hit.start() < m.end for m in mentions):
                continue  # 合作 inside 深汕特别合作区: a name, not a cue
            for subj, target in _pairs(mentions, hit, side):
                if subj.id == target.id or not admits(onto, key, subj.type, target.type):
                    continue
                if "Topic" in (subj.type, target.type) and key != "has_topic":
                    continue
                if key == "has_topic" and subj.type == "Topic":
                    continue
                if key == "cooperates_with" and (target.id, key, subj.id) in out:
                    continue  # symmetric: once
                rel = Relation(subj, key, target, hit.group(), hit.start(), hit.end())
                out.setdefault((subj.id, key, target.id), rel)
    for rel in _posts(sentence, mentions) + _nested_places(sentence, mentions):
        if admits(onto, rel.key, rel.subject.type, rel.target.type):
            out.setdefault((rel.subject.id, rel.key, rel.target.id), rel)
    return list(out.values())


# Posts written between a body and a person's name (广东省科技厅二级巡视员杨惠芳): the person
# belongs to the body; the head's posts (深圳市委书记王伟中, 广汽集团…董事长曾庆洪) lead it.
_HEADS = r"书记|市长|省长|区长|董事长|院长|校长|理事长|会长|局长|厅长|所长|部长|总裁"
_POST = re.compile(
    r"^[\u4e00-\u9fff、及]{0,10}?(?P<post>(?:常务)?副?(?:" + _HEADS + r"|主任|主席|会长|秘书长|"
    r"巡视员|教授|研究员|合伙人|主管|总经理|委员|常委|专家|首席[\u4e00-\u9fff]{1,4}))$"
)
# the bodies a head's post heads, by the end of their name
_FITS = {
    "书记": re.compile(r"(?:委|党委|党组|委员会)$"),
    "市长": re.compile(r"(?:市|市政府|人民政府)$"),
    "省长": re.compile(r"(?:省|省政府|人民政府)$"),
    "区长": re.compile(r"(?:区|区政府|人民政府)$"),
    "院长": re.compile(r"院$"),
    "校长": re.compile(r"(?:大学|学院|学校)$"),
    "局长": re.compile(r"局$"),
    "厅长": re.compile(r"厅$"),
    "所长": re.compile(r"所$"),
    "部长": re.compile(r"部$"),
    "理事长": re.compile(r"会$"),
    "会长": re.compile(r"会$"),
}
_MEMBER_OF = re.compile(r"Organization|GovernmentBody|University|Firm|Association|Institute")


def _posts(sentence: str, mentions: list[Mention]) -> list[Relation]:
    """`body + post + person`: the person is a member of the body, or leads it when the post
    is its head's (书记, 市长, 董事长 …, not 副…)."""
    out = []
    outer = _outer(mentions)
    for person in (m for m in outer if m.type == "Person"):
        body = next((m for m in reversed(outer) if m.end <= person.start), None)
        if body is None or not _MEMBER_OF.search(body.type):
            continue
        post = _POST.match(sentence[body.end : person.start])
        if post is None:
            continue
        heads = re.fullmatch(_HEADS, post.group("post")) is not None
        # a deputy's post is of the body its head's post fits (常务副市长: the government)
        base = re.sub(r"^(?:常务)?副", "", post.group("post"))
        if not _FITS.get(base, re.compile("")).search(body.text):
            continue  # 市委…(常务副)市长陈如桂: the mayor's post is of the government
        if heads:
            key, subj, target = "led_by", body, person
        else:  # 广东省委党校管理学部主任赵祥: a member of the school, not of its department
            key, subj, target = "member_of", person, _parent(sentence, mentions, body)
        at = body.end + post.start("post")
        out.append(
            Relation(subj, key, target, post.group("post"), at, at + len(post.group("post")))
        )
    return out


# a place written right after the city or province it is in (深圳南山区, 广州市越秀区,
# 肇庆市的端州区): the place is located in it
_IN_GAP = re.compile(r"的?")
_AREA = re.compile(r"City|Province")
_INSIDE = re.compile(r"District|Zone|ScienceCity|InnovationZone|PilotZone|CooperationZone|Park")


def _nested_places(sentence: str, mentions: list[Mention]) -> list[Relation]:
    """`City + District/Zone` written together: the second is located in the first, inside
    a longer name too (广州市越秀区政务服务中心: 越秀区 is in 广州市)."""
    out = []
    for a in mentions:
        if not _AREA.search(a.type):
            continue
        for b in mentions:
            if (
                b.start >= a.end
                and _INSIDE.search(b.type)
                and _IN_GAP.fullmatch(sentence[a.end : b.start])
            ):
                out.append(Relation(b, "located_in", a, sentence[a.start : b.end], a.start, b.end))
    return out


# between a body and its department's name (中国（深圳）综合开发研究院区域发展规划研究所)
_UNIT_GAP = re.compile(r"[\u4e00-\u9fff]{0,6}")


def _parent(sentence: str, mentions: list[Mention], body: Mention) -> Mention:
    """The organisation `body` is a department of: one its name starts with (广东省委党校 in
    广东省委党校管理学部), or one named just before it (…研究院区域发展规划研究所); else
    `body` itself. A member of a department is a member of the organisation (the gold's
    convention: people belong to the bodies the graph has, not to their departments)."""
    for m in mentions:
        if m is body or not _MEMBER_OF.search(m.type):
            continue
        inner = m.start == body.start and m.end < body.end
        before = m.end <= body.start and _UNIT_GAP.fullmatch(sentence[m.end : body.start])
        if inner or before:
            return m
    return body


def _pairs(mentions: list[Mention], hit: re.Match[str], side: str) -> list[tuple[Mention, Mention]]:
    if side == "name":  # 鹏城实验室广州基地: a branch of the longest name it starts with
        holders = [m for m in mentions if m.start <= hit.start() and hit.end() <= m.end]
        out = []
        for h in holders:
            heads = [p for p in mentions if p is not h and h.text.startswith(p.text)
                     and p.end <= hit.start() and not _PLACE.search(p.type)]  # fmt: skip
            out += [(h, max(heads, key=lambda p: len(p.text)))] if heads else []
        return out
    # the parties tied to the cue by the construction: on each side the names touching it
    # (only glue words between), a list A、B和C counting as one side
    text = hit.string
    before = _side(text, _outer(mentions), hit.start(), -1)
    after = _side(text, _outer(mentions), hit.end(), +1)
    via = re.search(r"由([^，,。；;]{0,30})$", text[: hit.start()])
    if side == "after" and via and before:  # A由B和C共建: A is built by B and C
        subject = [m for m in _outer(mentions) if m.end <= hit.start() - len(via.group())]
        return [(s, t) for s in subject[-1:] for t in before]
    if side == "before":
        return [(s, t) for s in before[-1:] for t in after[:1]]
    return [(s, t) for s in after[:1] for t in before]


def _side(text: str, mentions: list[Mention], at: int, direction: int) -> list[Mention]:
    """The names on one side of the cue at `at`, nearest first outwards, joined to it and to
    each other by glue words only (no comma, no other word)."""
    out: list[Mention] = []
    edge = at
    ordered = sorted(mentions, key=lambda m: -m.end if direction < 0 else m.start)
    for m in ordered:
        if direction < 0 and m.end <= edge:
            gap, limit = text[m.end : edge], _BEFORE
        elif direction > 0 and m.start >= edge:
            gap, limit = text[edge : m.start], _AFTER
        else:
            continue
        if len(gap) > limit or not _GLUE.match(gap):
            break
        out.append(m)
        edge = m.start if direction < 0 else m.end
    return out[::-1] if direction < 0 else out


def _outer(mentions: list[Mention]) -> list[Mention]:
    """Mentions not inside another one (琶洲 inside 琶洲实验室 is not a party)."""
    return [
        m for m in mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)
    ]  # fmt: skip
