"""The interface language: zh or en, for every page.

Chosen by `?lang=zh|en` (then remembered in a cookie), else the cookie, else the browser's
`Accept-Language`, else zh.  Templates write both languages side by side and pick one:

    {{ tr("搜索", "Search") }}          the string in the current language
    {{ lang }}                           "zh" or "en"
    {{ lang_url("en") }}                 this page's URL in the other language

Pages that vary by language vary by these request headers (`Vary: Cookie, Accept-Language`);
a page's ETag must include `g.lang` (see `page_etag` callers).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, Response, g, request

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
    app.jinja_env.globals.update(tr=tr, lang_url=lang_url)
    app.context_processor(lambda: {"lang": g.get("lang", "zh")})
