"""The /quality page's findings in Chinese.

`gskg check` words its findings in English (they go to stderr and to JSON); the page says
the same in the reader's language.  The findings made by gskg's own checks have fixed
forms, read back here (`say`); the validator's and the SHACL shapes' are free text: the
page gives the check's Chinese name and keeps the English detail, marked `lang="en"`.
"""

from __future__ import annotations

import re
from typing import Any

#: (finding in English, its Chinese form); groups: class, name, …
FORMS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "identifiers": [(re.compile(r"^(\w+) (.+) has no Wikidata, GeoNames or ROR identifier$"),
                     "{cls} {1} 没有 Wikidata、GeoNames 或 ROR 标识符")],
    "bare": [(re.compile(r"^(\w+) (.+) has only a type and names: .*$"),
              "{cls} {1} 只有类型和名称:没有关系,没有自己的字段,也没有记录指向它")],
    "duplicates": [(re.compile(r"^(\w+) (.+) may be the same as ([a-z0-9-]+) \((.*)\): (.*)$"),
                    "{cls} {1} 可能与 {2}({3})是同一实体:{why}")],
    "periods": [
        (re.compile(r"^no period: .*"),
         "没有期间:文本没有说明这个数字所指的时间(未注明);无法放到时间轴上,也无法与其他年份比较"),
        (re.compile(r"^the period is given only in words \('(.*)'\), with no dates.*"),
         "期间只用文字表述(“{0}”),没有日期;无法放到时间轴上,也无法与其他年份比较"),
    ],
    "sources": [(re.compile(r"^the source documents were not found \((.*)\).*"),
                 "没有找到来源文献({0}),未核对引文")],
}  # fmt: skip
WHY = {
    "the same zh name": "中文名称相同",
    "the same en name": "英文名称相同",
    "nearly the same English name": "英文名称几乎相同",
}
HINTS = {
    "format": "字段与各自的要求见 data/README.md",
    "shapes": "按提示修改 YAML 中的相应字段",
    "labels": "用两种语言写出名称:label: {zh: …, en: …}",
    "units": "使用 data/units.yaml 中的单位(其写法 written 或其 id)",
    "quotes": "从文献中逐字复制原句(空白不计)",
    "periods": "如果文本或其发布日期确定了期间,请加上 start/end,并在 note 中说明依据",
    "bare": "补上文本对它的说明(relations: located_in、part_of……),或删除这条记录",
    "duplicates": "若是同一实体,只保留一条记录,并把另一条的引用改指向它;若不是,让名称能区分二者",
    "identifiers": "用 `gskg reconcile --class 类名` 或 ../shared/links/identifiers.csv 查找;"
    "切勿凭记忆添加",
    "sources": "用 --seeds DIR 指定文献所在的文件夹(../shared/seeds)",
}


def say(item: Any, class_zh: dict[str, str]) -> tuple[str, bool]:
    """The finding in Chinese, and whether that is all of it (False: only the check's
    name could be said; the page then shows the English detail too)."""
    for pattern, form in FORMS.get(item.check, []):
        m = pattern.match(item.message)
        if m:
            groups = m.groups()
            cls = class_zh.get(groups[0], groups[0]) if item.check in (
                "identifiers", "bare", "duplicates") else ""  # fmt: skip
            why = WHY.get(groups[-1], groups[-1]) if item.check == "duplicates" else ""
            return form.format(*groups, cls=cls, why=why), True
    return "", False


def hint(check: str) -> str:
    """What to do, in Chinese ("" when the check has no fixed advice)."""
    return HINTS.get(check, "")
