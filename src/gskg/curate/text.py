"""Read a document and cut it into sentences, keeping every sentence's character offsets.

Offsets index the decoded text itself (never a cleaned copy), so that a quote is always
`text[start:end]`.  Page debris (HTML tags, navigation bars, bylines, photo captions) is
recognised line by line and left out of the sentences; it stays in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import GskgError

_TAG = re.compile(r"<[^<>]{0,200}>")
_CJK = re.compile(r"[\u3400-\u9fff]")
_END = re.compile(r"[。！？!?](?:[”’」』\"'）)]*)")
# A line of short words separated by spaces or bars, no sentence punctuation: a menu, a
# breadcrumb (首页 > 国内), a portal's links (收藏本站 网站地图).
_MENU = re.compile(r"^(?:\S{1,10}\s+)+\S{1,10}$|(?:[|｜>].*){2,}")
_DEBRIS = re.compile(
    r"^(?:当前位置|来源|发表日期|发布时间|时间[:：]|日期[:：]|作者[:：]|人工智能朗读|责任编辑|"
    r"\[编辑|编辑[:：]|【(?![^】]{1,12}讯】)|上一[条篇]|下一[条篇]|相关阅读|相关新闻|相关链接|延伸阅读|版权|凡注有|"
    r"免责|收藏本站|网站地图|文章搜索|分享到|扫一扫|打印本页|关闭窗口|原标题|"
    r"(?:\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$|"
    r"《\s*\S{2,8}\s*》\s*[（(].{0,30}版\s*[)）]$|"  # 《 人民日报 》( 2023年07月05日 第 10 版)
    r"(?:新华社|中新社|本报|人民网|中新网|央广网)\S{0,8}\d{1,2}月\d{0,2}日?电?$)"  # a dateline
)
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp)\s*$", re.IGNORECASE)  # 微信截图_….jpg
_CAPTION = re.compile(r"[（(][^()（）]{0,30}摄[)）]\s*$")
# Within a prose line: a dateline opening it (本报深圳7月4日电, 新华社广州10月22日电) and
# bylines in brackets ((记者吕绍刚), (记者/刘倩)), which are not part of any sentence.
_DATELINE = re.compile(
    r"^\s*(?:本报|新华社|中新社|人民网|中新网|央广网|央视网|南方网|新华网)?[^\s，,。]{0,8}?"
    r"\d{1,2}月\d{1,2}日(?:电|讯)|^\s*【[^】]{1,12}讯】"  # 【深圳商报讯】 opening prose
)
_BYLINE = re.compile(
    r"[（(]\s*(?:本报)?(?:首席|特约|见习|驻地)?"  # （首席记者 王海荣）
    r"(?:记者|通讯员|实习生|文|图|摄影|责任编辑|编辑|作者)[\s/／:：]?[^()（）]{0,30}[)）]"
    r"|^\s*本报讯"
)


class CurateError(GskgError):
    """The document or the review file cannot be used (message says why)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the document: `text == document[start:end]`."""

    start: int
    end: int
    text: str


def decode(data: bytes, name: str) -> str:
    """The text of a document: UTF-8 (with or without BOM), else GB18030; refuse binary."""
    if not data.strip():
        raise CurateError(f"{name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise CurateError(f"{name}: a binary file, not text (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise CurateError(f"{name}: neither UTF-8 nor GB18030 text") from None
    control = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    if control > len(text) // 100 or not _CJK.search(text):
        raise CurateError(f"{name}: does not look like Chinese text (no CJK characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The source documents are 8–32 KB.  Drafting and writing the review grow with the text:
# 32 KB ~4 s, 128 KB ~12 s, 256 KB ~21 s, 1 MB ~58 s (392 MB) on the shared 2-core VM at load
# 10 (python -m bench.curate_limits).  128 KB, four times the largest document, keeps one
# run near ten seconds on a busy machine and refuses runaway inputs before any work.
MAX_DOCUMENT_BYTES = 128 * 1024


def read_document(path: Path) -> str:
    """`decode` the file at `path` (CurateError if it is missing, empty, binary or larger
    than MAX_DOCUMENT_BYTES)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)  # never more, whatever the file's size
    except OSError as exc:
        raise CurateError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise CurateError(
            f"{path}: larger than gskg curate's limit of {MAX_DOCUMENT_BYTES // 1024} KB "
            "(one document at a time; the source documents are 8–32 KB): split it"
        )
    return decode(data, str(path))


def is_debris(line: str) -> bool:
    """Is this line page furniture rather than prose?"""
    bare = _TAG.sub("", line).strip()
    if len(_CJK.findall(bare)) < 4:
        return True
    if len(bare) > 80 and len(_END.findall(bare)) >= 2:
        return False  # a paragraph, whatever its first words (来源… then the article)
    return bool(
        _MENU.match(bare) or _DEBRIS.match(bare) or _CAPTION.search(bare) or _IMAGE.search(bare)
    )


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def sentences(text: str) -> list[Sentence]:
    """The prose sentences of `text`, split after 。！？ (closing quotes kept), in order;
    datelines and bylines inside a line are left out like debris lines."""
    out: list[Sentence] = []
    for offset, line in _lines(text):
        if is_debris(line):
            continue
        for a, b in _prose(line):
            start = a
            for match in _END.finditer(line, a, b):
                out.extend(_trimmed(line, offset, start, match.end()))
                start = match.end()
            out.extend(_trimmed(line, offset, start, b))
    return out


def _prose(line: str) -> list[tuple[int, int]]:
    """The stretches of a prose line outside its dateline and bylines."""
    cuts = [m.span() for m in _BYLINE.finditer(line)]
    if dateline := _DATELINE.match(line):
        cuts.append(dateline.span())
    out, at = [], 0
    for a, b in sorted(cuts):
        if a > at:
            out.append((at, a))
        at = max(at, b)
    return out + ([(at, len(line))] if at < len(line) else [])


def _trimmed(line: str, offset: int, start: int, end: int) -> list[Sentence]:
    """The span `line[start:end]` without surrounding blanks, if it holds any prose."""
    piece = line[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right <= left or len(_CJK.findall(piece)) < 2:
        return []
    a, b = offset + start + left, offset + start + right
    return [Sentence(a, b, line[start + left : start + right])]
