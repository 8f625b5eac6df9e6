"""The interface language: zh or en, for every page.

Chosen by `?lang=zh|en` (then remembered in a cookie), else the cookie, else the browser's
`Accept-Language`, else zh.  Templates write both languages side by side and pick one:

    {{ tr("搜索", "Search") }}          the string in the current language
    {{ lang }}                           "zh" or "en"
    {{ lang_url("en") }}                 this page's URL in the other language

Pages that vary by language vary by these request headers (`Vary: Cookie, Accept-Language`);
a page's ETag must include `g.lang` (see `page_etag` callers).

Words that Python code (not a template) puts on a page come from `TERMS` (`term(key)`);
text mixing the languages (curators' notes, messages naming records) goes through the
`mixed` filter, which marks its runs of Chinese `lang="zh"` (and the whole `lang="en"` on
a Chinese page when it is mostly English).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from flask import Flask, Response, g, request
from markupsafe import Markup, escape

LANGS = ("zh", "en")
COOKIE = "gskg-lang"
ONE_YEAR = 365 * 24 * 3600
SAFE = "/-._~!$&'()*+,;=:@"  # RFC 3986 path characters kept as they are


def choose() -> str:
    """The language of this request."""
    asked = request.args.get("lang", "")
    if asked in LANGS:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGS:
        return remembered
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-Hans", "en"], default="zh")
    return "en" if best.startswith("en") else "zh"


def tr(zh: str, en: str) -> str:
    """`zh` or `en`, whichever the interface speaks."""
    return en if g.get("lang") == "en" else zh


#: Interface words said from Python code: key → (zh, en).
TERMS: dict[str, tuple[str, str]] = {
    "status-400": ("请求有误", "Bad request"),
    "status-404": ("找不到", "Not found"),
    "status-405": ("不允许的方法", "Method not allowed"),
    "status-406": ("无法提供所要的格式", "Not acceptable"),
    "status-413": ("请求过大", "Request too large"),
    "status-414": ("地址过长", "URI too long"),
    "status-500": ("服务器内部错误", "Internal server error"),
    "status-503": ("服务器忙", "Server busy"),
    "status-other": ("出错了", "Something went wrong"),
    "error-detail": ("详细信息(英文)", "Details"),
    "error-400": ("请求中有一个值不能使用。请检查地址中的参数。",
                  "A value in the request cannot be used; check the parameters of the address."),
    "error-404": ("这里没有这个页面或资源。", "There is no such page or resource here."),
    "error-other": ("请求没有完成。", "The request could not be completed."),
}  # fmt: skip


def term(key: str) -> str:
    """An interface word of `TERMS` in the current language."""
    zh, en = TERMS[key]
    return tr(zh, en)


# Runs of Chinese: ideographs with the CJK and full-width punctuation and the digits or
# spaces between them ("2016-2020年", "《2019年度报告》").
_CJK_RUN = re.compile(
    r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e《》“”]+"
    r"(?:[0-9.\-–—~%·/ ]*[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e《》]+)*"
)
_HAN = re.compile(r"[\u3400-\u9fff]")


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’.\-]*(?:[ /,&][A-Za-z0-9][A-Za-z0-9'’.\-]*)*")


def _mark(text: str, runs: re.Pattern[str], lang: str) -> Markup:
    """`text` escaped, each match of `runs` with letters in it wrapped in a `lang` span."""
    letters = _HAN if lang == "zh" else re.compile(r"[A-Za-z]{2}")
    out, last = [], 0
    for m in runs.finditer(text):
        if not letters.search(m.group()):
            continue
        out.append(escape(text[last : m.start()]))
        out.append(Markup('<span lang="%s">%s</span>') % (lang, m.group()))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def mixed(text: object) -> Markup:
    """`text` as HTML, its runs of Chinese marked `lang="zh"`; on a Chinese page, text that
    is mostly Latin letters is marked `lang="en"` as a whole."""
    text = str(text)
    latin = len(re.findall(r"[A-Za-z]", text))
    english = latin > len(_HAN.findall(text)) and latin > 3
    if g.get("lang") != "en" and not english:  # Chinese on a Chinese page: mark the English
        return _mark(text, _LATIN_RUN, "en")
    body = _mark(text, _CJK_RUN, "zh")
    if g.get("lang") != "en":
        return Markup('<span lang="en">%s</span>') % body
    return Markup(body)


def pick(zh: object, en: object) -> Markup:
    """A name in the reader's language (the other when it has none), marked with the
    language it is written in: `<span lang="zh">广州</span>`."""
    first, second = (en, zh) if g.get("lang") == "en" else (zh, en)
    text = str(first or second or "")
    if not text:
        return Markup("")
    written = ("en" if g.get("lang") == "en" else "zh") if first else (
        "zh" if g.get("lang") == "en" else "en")  # fmt: skip
    if written == "en" and _HAN.search(text):
        written = "zh"  # an English label that is really Chinese (data not yet translated)
    return Markup('<span lang="%s">%s</span>') % (written, text)


def short(name: object) -> str:
    """A name without its explanation in brackets: "enterprises (institutions)" →
    "enterprises" (units as a figure's reader reads them)."""
    return re.sub(r"\s*[(（][^()（）]*[)）]$", "", str(name)) or str(name)


def local_path() -> str:
    """This request's path as a link that stays on this site: percent-encoded (a `\\` or a
    control character is escaped, not sent raw for the browser to read as `/`), and never
    starting `//` (which a browser reads as another host)."""
    path = quote(request.script_root + request.path, safe=SAFE)
    return "/%2F" + path[2:] if path.startswith("//") else path


def lang_url(target: str) -> str:
    """The current URL with `lang=target` (other query parameters kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", target))
    return f"{local_path()}?{urlencode(args)}"


def _before() -> None:
    g.lang = choose()


def _after(resp: Response) -> Response:
    if request.args.get("lang") in LANGS and request.cookies.get(COOKIE) != g.lang:
        resp.set_cookie(COOKIE, g.lang, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    if resp.mimetype == "text/html":
        resp.vary.update(("Cookie", "Accept-Language"))
    return resp


def init_app(app: Flask) -> None:
    """Choose the language per request and give templates `tr`, `lang` and `lang_url`."""
    app.before_request(_before)
    app.after_request(_after)
    app.jinja_env.globals.update(tr=tr, lang_url=lang_url, term=term, terms=TERMS,
                               pick=pick)  # fmt: skip
    app.jinja_env.filters["mixed"] = mixed
    app.jinja_env.filters["short"] = short
    app.context_processor(lambda: {"lang": g.get("lang", "zh")})
