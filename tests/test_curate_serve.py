"""gskg curate's review page for real work: legend, filters, line numbers (static page), and
`--serve`: keyboard accept/reject written back to the review file, only for a request that
names the loopback host, carries the session's token and comes from the page's own origin;
in a real browser (Debian's chromium), keyboard accept writes the file, axe clean."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browsing import axe, new_page
from conftest import ROOT
from test_curate import add_excerpt

from gskg.curate import curate_document
from gskg.curate.html import render
from gskg.curate.review import read_review
from gskg.curate.serve import make_app, set_accept

TOKEN = "t0ken-for-tests"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review file drafted from the excerpt (kept as written; tests copy it)."""
    ws = tmp_path_factory.mktemp("curate-serve")
    shutil.copytree(ROOT / "data", ws / "data")
    add_excerpt(ws)
    curate_document(ws / "excerpt.txt", "test-excerpt", ws / "data", ROOT / "ontology",
                    ws / "review.yaml")  # fmt: skip
    return ws / "review.yaml"


@pytest.fixture
def review(drafted: Path, tmp_path: Path) -> Path:
    shutil.copy(drafted.parent / "excerpt.txt", tmp_path / "excerpt.txt")
    text = drafted.read_text(encoding="utf-8").replace(str(drafted.parent), str(tmp_path))
    (tmp_path / "review.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "review.yaml"


def test_static_page_has_legend_filters_and_lines(review: Path) -> None:
    parsed = read_review(review)
    page = render(parsed)
    assert "<script" not in page  # the static page stays script-free and offline
    assert 'id="show-mention" >' in page and 'id="show-figure" checked>' in page
    assert "a known record named (writes nothing)" in page  # the legend says what each writes
    for n, p in enumerate(parsed.proposals):
        assert f'id="p{n}" data-n="{n}" data-line="{p.line}"' in page
        assert f"line {p.line}</span>" in page
    assert "body:has(#show-mention:not(:checked)) .proposal.mention{display:none}" in page


def test_set_accept_changes_one_line(review: Path) -> None:
    before = review.read_text(encoding="utf-8").splitlines()
    line = set_accept(review, 3, True)
    after = review.read_text(encoding="utf-8").splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [line - 1]
    assert read_review(review).proposals[3]["accept"] is True
    set_accept(review, 3, False)
    assert review.read_text(encoding="utf-8").splitlines() == before


@pytest.fixture
def client(review: Path):  # noqa: ANN201
    app = make_app(review, TOKEN, 5555)
    return app.test_client()


HOST = {"base_url": "http://127.0.0.1:5555"}


def post(client, n: int, body: object, **headers: str):  # noqa: ANN001, ANN201
    return client.post(f"/proposals/{n}", json=body, headers=headers, **HOST)


def test_serve_guards_every_write(client, review: Path) -> None:  # noqa: ANN001
    original = review.read_text(encoding="utf-8")
    assert client.get("/", **HOST).status_code == 403  # no token
    assert client.get(f"/?token={TOKEN}x", **HOST).status_code == 403
    page = client.get(f"/?token={TOKEN}", **HOST)
    assert page.status_code == 200 and b'<script src="/review.js"' in page.data
    assert "script-src 'self'" in page.get_data(as_text=True)
    # another host name for this address (DNS rebinding)
    assert client.get(f"/?token={TOKEN}", base_url="http://evil.example:5555").status_code == 403
    assert post(client, 0, {"accept": True}).status_code == 403  # no token
    assert post(client, 0, {"accept": True}, **{"X-Gskg-Token": "wrong"}).status_code == 403
    hostile = {"X-Gskg-Token": TOKEN, "Origin": "http://evil.example"}
    assert post(client, 0, {"accept": True}, **hostile).status_code == 403
    form = client.post("/proposals/0", data={"accept": "true"}, headers={"X-Gskg-Token": TOKEN},
                       **HOST)  # fmt: skip
    assert form.status_code == 415  # a form (what a cross-site page can send) is refused
    assert post(client, 0, {"accept": "yes"}, **{"X-Gskg-Token": TOKEN}).status_code == 400
    missing = post(client, 9999, {"accept": True}, **{"X-Gskg-Token": TOKEN})
    assert missing.status_code == 409 and "no proposal #10000" in missing.json["error"]
    assert review.read_text(encoding="utf-8") == original  # nothing was written
    ok = post(client, 2, {"accept": True}, **{"X-Gskg-Token": TOKEN,
                                                "Origin": "http://127.0.0.1:5555"})  # fmt: skip
    assert ok.status_code == 200 and ok.json["accept"] is True
    assert read_review(review).proposals[2]["accept"] is True
    assert client.get("/nothing", **HOST).json == {"error": "not found"}


@pytest.fixture
def live(review: Path) -> Iterator[str]:
    """`gskg curate --serve`'s app on a real loopback port, in a thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, None, threaded=True)
    server.app = make_app(review, TOKEN, server.server_port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/?token={TOKEN}"
    finally:
        server.shutdown()
        server.server_close()


def test_keyboard_accept_writes_the_review_file(chromium, live: str, review: Path) -> None:  # noqa: ANN001
    page = new_page(chromium)
    page.goto(live)
    proposals = read_review(review).proposals
    shown = [n for n, p in enumerate(proposals) if p["kind"] != "mention"]
    # mentions are hidden by default; the kind filter shows them
    hidden = next(n for n, p in enumerate(proposals) if p["kind"] == "mention")
    assert not page.locator(f"#p{hidden}").is_visible()
    page.locator("#show-mention").check()
    assert page.locator(f"#p{hidden}").is_visible()
    page.locator("#show-mention").uncheck()
    page.keyboard.press("j")  # first shown proposal
    assert page.evaluate("document.activeElement.id") == f"p{shown[0]}"
    page.keyboard.press("j")
    page.keyboard.press("a")
    n = shown[1]
    page.locator(f"#p{n}.accepted").wait_for()  # (the CSP forbids wait_for_function's eval)
    status = page.locator("#status").inner_text()
    assert re.search(rf"Proposal {n + 1} accepted \(line \d+ of review.yaml\)", status)
    assert yaml.safe_load(review.read_text(encoding="utf-8"))["proposals"][n]["accept"] is True
    page.keyboard.press("r")
    page.locator(f"#p{n}:not(.accepted)").wait_for()
    assert yaml.safe_load(review.read_text(encoding="utf-8"))["proposals"][n]["accept"] is False
    # the status filter: only accepted proposals
    page.keyboard.press("a")
    page.locator(f"#p{n}.accepted").wait_for()
    page.locator("#status-accepted").check()
    assert page.locator("#proposals li.proposal:visible").count() == 1
    serious = [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert [r for r in page.requests if not r.startswith(live.split("/?")[0])] == []
    assert page.errors == []
    page.context.close()


def test_serve_refuses_an_unusable_review_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gskg.cli import main

    (tmp_path / "bad.yaml").write_text("not: a review\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["curate", "--serve", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1 and "not a review file" in result.output
