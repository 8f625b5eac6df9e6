"""The cooperation network (/network, /network.json) over real HTTP and in the real Chromium.

Its edges are the graph's statements of the six relations (compared with a SPARQL query);
the filters by relation, city and focus narrow it; every resource page links to it; a click
on a node opens that node's page; bad input is a 4xx with a message, never a 500.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from browsing import new_page, shot
from conftest import Server, free_port, server_env, start_server, stop_server
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_web_timeline import sparql

G = "https://w3id.org/gskg/ontology#"
RES = "https://w3id.org/gskg/resource/"
RELATIONS = ["cooperatesWith", "coBuiltBy", "hasParty", "branchOf", "foundedBy", "memberOf"]
# A person's role (a gskg:Membership: member, organization) is a "member of" tie.
EDGES = f"""SELECT ?s ?p ?o WHERE {{ {{
  VALUES ?p {{ {" ".join(f"<{G}{r}>" for r in RELATIONS)} }}
  ?s ?p ?o . FILTER(isIRI(?o)) }} UNION {{
  ?m <{G}member> ?s ; <{G}organization> ?o . BIND(<{G}memberOf> AS ?p) }} }}"""


def network(server: Server, query: str = "") -> dict:
    r = server.get("/network.json" + query)
    assert r.status_code == 200, r.text
    return r.json()


def edges(data: dict) -> set[tuple[str, str, str]]:
    return {(e["s"], e["p"], e["o"]) for e in data["edges"]}


@pytest.fixture(scope="module")
def graph_edges(live_server: Server) -> set[tuple[str, str, str]]:
    """The graph's statements of the six relations, by SPARQL."""
    return {(r["s"], r["p"][len(G) :], r["o"]) for r in sparql(live_server, EDGES)}


def test_edges_equal_the_graphs(live_server, graph_edges):
    data = network(live_server)
    assert edges(data) == graph_edges
    assert data["total"] == len(data["edges"]) == len(graph_edges)
    ends = {x for s, _, o in graph_edges for x in (s, o)}
    assert {n["iri"] for n in data["nodes"]} == ends
    assert {e[1] for e in graph_edges} >= {"cooperatesWith", "coBuiltBy", "hasParty"}


def test_nodes_are_coloured_by_class(live_server):
    nodes = {n["iri"]: n for n in network(live_server)["nodes"]}
    assert nodes[RES + "guangzhou"]["group"] == "AdministrativeArea"
    assert nodes[RES + "pazhou-laboratory"]["group"] == "Platform"
    assert nodes[RES + "pazhou-laboratory"]["url"] == "/resource/pazhou-laboratory"
    assert {n["group"] for n in nodes.values()} >= {"Agreement", "Organization", "Platform"}


@pytest.mark.parametrize("rels", [["cooperatesWith"], ["hasParty", "foundedBy"]])
def test_filter_by_relation(live_server, graph_edges, rels):
    data = network(live_server, "?" + "&".join(f"rel={r}" for r in rels))
    assert edges(data) == {e for e in graph_edges if e[1] in rels}


def test_filter_by_city(live_server, graph_edges):
    data = network(live_server, "?city=shenzhen")
    inside = {
        r["x"]
        for r in sparql(
            live_server,
            f"""SELECT ?x WHERE {{
        ?x (<{G}locatedIn>|<{G}partOf>|<{G}refArea>|<{G}signedAt>|<{G}heldAt>|<{G}hasParty>
            |<{G}issuedBy>|<{G}foundedBy>)* <{RES}shenzhen> }}""",
        )
    }
    assert edges(data) == {e for e in graph_edges if e[0] in inside or e[2] in inside}
    assert 0 < len(data["edges"]) < len(graph_edges)


@pytest.mark.parametrize("depth", [1, 2])
def test_focus_on_one_resource(live_server, graph_edges, depth):
    data = network(live_server, f"?focus=pazhou-laboratory&depth={depth}")
    near = {RES + "pazhou-laboratory"}
    for _ in range(depth):
        near |= {x for s, _, o in graph_edges if s in near or o in near for x in (s, o)}
    assert edges(data) == {e for e in graph_edges if e[0] in near and e[2] in near}
    assert data["edges"]


@pytest.mark.parametrize("slug", ["test-doc", "no-such-thing", "x" * 5000])
def test_focus_outside_the_network_is_empty(live_server, slug):
    data = network(live_server, f"?focus={slug}")
    assert data == {"total": 0, "edges": [], "nodes": []}


@pytest.mark.parametrize("query", ["?rel=likes", "?city=atlantis", "?city=%3Cscript%3E",
                                   "?focus=%00", "?focus=SELECT%20*", "?depth=9",
                                   "?city=%ED%A0%80"])  # fmt: skip
@pytest.mark.parametrize("path", ["/network.json", "/network"])
def test_bad_input_is_a_4xx_with_a_message(live_server, path, query):
    r = live_server.get(path + query)
    assert r.status_code in (400, 404), r.text[:300]
    assert "Traceback" not in r.text
    if path.endswith(".json"):
        assert r.json()["error"]


def test_the_views_follow_a_reloaded_graph(built_graph: Path, tmp_path: Path):
    """A new build (one more tie, one more year-dated agreement) shows in both views."""
    dist = tmp_path / "dist"
    shutil.copytree(built_graph, dist)
    port = free_port()
    cmd = [sys.executable, "server.py", "--port", str(port)]
    srv = start_server(cmd, server_env(dist), port, tmp_path / "server.log")
    tie = (f"{RES}pazhou-laboratory", "cooperatesWith", f"{RES}shenzhen-university")
    try:
        assert tie not in edges(network(srv))
        before = network(srv)["total"], srv.get("/timeline.json").json()["total"]
        nt = dist / "gskg.nt"
        extra = (
            f"<{tie[0]}> <{G}{tie[1]}> <{tie[2]}> .\n"
            f"<{RES}test-new-agreement> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<{G}CooperationAgreement> .\n"
            f'<{RES}test-new-agreement> <{G}signedOn> "2022-01-01T00:00:00"'
            "^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n"
            f'<{RES}test-new-agreement> <{G}datePrecision> "year" .\n'
        )
        nt.write_text(nt.read_text(encoding="utf-8") + extra, encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and tie not in edges(network(srv)):
            time.sleep(0.5)
        assert network(srv)["total"] == before[0] + 1
        items = srv.get("/timeline.json").json()["items"]
        assert len(items) == before[1] + 1
        (new,) = [i for i in items if i["iri"] == f"{RES}test-new-agreement"]
        assert (new["date"], new["start"], new["end"]) == ("2022", "2022-01-01", "2023-01-01")
    finally:
        stop_server(srv.proc)


# ---------------------------------------------------------------- in the browser


def test_network_page_draws_the_graph_and_a_click_opens_a_node(chromium, live_server):
    data = network(live_server)
    page = new_page(chromium)
    page.goto(live_server.url + "/network")
    page.wait_for_selector("#network-chart canvas")
    page.wait_for_selector("#network-chart[data-stable]", timeout=20000)
    drawn = page.evaluate("""() => ({
        nodes: window.gskgNetwork.body.data.nodes.length,
        edges: window.gskgNetwork.body.data.edges.length })""")
    assert drawn == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    assert page.locator("table.edges tbody tr").count() == len(data["edges"])
    shot(page, "network")
    # click where vis-network drew Guangzhou: its page opens
    point = page.evaluate(f"""() => {{
        const n = window.gskgNetwork, id = "{RES}guangzhou";
        n.moveTo({{ position: n.getPosition(id), scale: 1.5, animation: false }});
        const p = n.canvasToDOM(n.getPosition(id)), box = n.body.container.getBoundingClientRect();
        return {{ x: box.left + p.x, y: box.top + p.y }}; }}""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/resource/guangzhou")
    assert not page.errors, page.errors


def test_resource_page_links_to_its_larger_network_view(chromium, live_server):
    page = new_page(chromium, lang="en-GB")
    page.goto(live_server.url + "/resource/pazhou-laboratory")
    page.click("p.network-link a")
    page.wait_for_url("**/network?focus=pazhou-laboratory")
    assert "Pazhou Laboratory" in page.locator("h1").inner_text()
    page.wait_for_selector("#network-chart canvas")
    expected = network(live_server, "?focus=pazhou-laboratory")
    assert page.locator("table.edges tbody tr").count() == len(expected["edges"])
    shot(page, "network-focus")


def test_member_of_gives_people_and_their_organisations(live_server):
    """Each role of a person (a Membership node) is a "member of" tie; people appear."""
    data = network(live_server, "?rel=memberOf")
    rows = sparql(
        live_server,
        f"""SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{
        ?m <{G}member> ?person ; <{G}organization> ?org }}""",
    )
    assert data["total"] > 0 and data["total"] <= int(rows[0]["n"])
    groups = {n["group"] for n in data["nodes"]}
    assert "Person" in groups


def test_groups_have_distinct_colours_and_shapes_in_a_legend(live_server):
    """Agreement, administrative area and place must not look alike: colours far apart
    (red-green-blue distance) and each its own shape, all named in the legend."""
    from gskg.web.network import GROUPS

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    colours = [rgb(g[2]) for g in GROUPS.values()]
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            assert sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5 > 60, (a, b)
    shapes = {GROUPS[k][3] for k in ("Agreement", "AdministrativeArea", "Place")}
    assert len(shapes) == 3
    html = live_server.get("/network?lang=en").text
    legend = re.search(r'<ul class="legend".*?</ul>', html, re.S).group(0)
    for _zh, en, colour, _ in GROUPS.values():
        assert en in legend and colour in legend


VISIBLE = """() => { const n = window.gskgNetwork;
    return { visible: n.body.nodeIndices.slice(), clusters: n.body.nodeIndices.filter(
             id => n.isCluster(id)) }; }"""


@pytest.mark.parametrize("lang", ["zh-CN", "en-GB"])
def test_the_overview_opens_grouped_and_a_group_expands(chromium, live_server, lang):
    """The overview (no focus, over 40 nodes) draws the best-connected cities and one
    cluster per colour group of the other nodes; a group opens by keyboard (Enter on its
    button) or by a click on its node, and "expand all" draws every node."""
    from gskg.web.network import KEPT_CITIES

    data = network(live_server)
    groups: dict[str, set[str]] = {}
    for n in data["nodes"]:
        groups.setdefault(n["group"], set()).add(n["iri"])
    cities = {r["c"] for r in sparql(live_server, f"SELECT ?c {{ ?c a <{G}City> }}")}
    page = new_page(chromium, lang=lang)
    page.goto(live_server.url + "/network")
    page.wait_for_selector("#network-chart[data-stable]", timeout=20000)
    shown = page.evaluate(VISIBLE)
    alone = set(shown["visible"]) - set(shown["clusters"])
    # few things drawn: at most 12 cities, the groups, the odd group of one
    assert len(shown["visible"]) <= KEPT_CITIES + len(groups) < len(data["nodes"]) / 4
    assert {RES + "guangzhou", RES + "shenzhen"} <= alone
    assert all(iri in cities or len(groups[g]) == 1 for g in groups for iri in alone & groups[g])
    buttons = page.locator("#network-clusters button[data-cluster^='cluster-']")
    assert buttons.count() == len(shown["clusters"]) >= 3
    counted = 0
    for i in range(buttons.count()):
        cid = buttons.nth(i).get_attribute("data-cluster")
        count = int(re.search(r"\((\d+)\)", buttons.nth(i).inner_text()).group(1))
        members = groups[cid.removeprefix("cluster-")] - alone
        assert (
            count == len(members) >= 2 and buttons.nth(i).get_attribute("aria-expanded") == "false"
        )
        counted += count
    assert counted + len(alone) == len(data["nodes"])  # every node once, in a cluster or not
    # Enter on the Platform group's button opens it: its nodes are drawn, one by one
    button = page.locator("button[data-cluster='cluster-Platform']")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    page.wait_for_selector("#network-chart[data-settled]", timeout=20000)  # laid out again
    opened = page.evaluate(VISIBLE)
    platforms = groups["Platform"] - alone
    assert platforms <= set(opened["visible"])
    assert len(opened["visible"]) == len(shown["visible"]) - 1 + len(platforms)
    # a click on the Organization cluster's node (at a point no other node covers) opens it too
    # (under load the view may still move between reading the point and the click, which then
    # hits nothing: the point is read again and clicked again, at most three times)
    find = """() => {
        const n = window.gskgNetwork, id = "cluster-Organization";
        n.moveTo({ position: n.getPosition(id), scale: 1.5, animation: false });
        n.body.container.scrollIntoView({ block: "center" });  // the click lands in the viewport
        const b = n.getBoundingBox(id), box = n.body.container.getBoundingClientRect();
        const points = [];  // the middle first: a small drift of the node still hits it
        for (let i = 1; i < 6; i++) for (let j = 1; j < 6; j++) points.push([i, j]);
        const off = (p) => Math.abs(p[0] - 3) + Math.abs(p[1] - 3);
        points.sort((p, q) => off(p) - off(q));
        for (const [i, j] of points) {
            const p = n.canvasToDOM({ x: b.left + (b.right - b.left) * i / 6,
                                      y: b.top + (b.bottom - b.top) * j / 6 });
            if (n.getNodeAt(p) === id) return { x: box.left + p.x, y: box.top + p.y, at: id };
        }
        return false; }"""  # fmt: skip
    gone = "() => !window.gskgNetwork.body.nodes['cluster-Organization']"
    for _attempt in range(3):  # a real click each time; the picture is read again before each
        point = page.wait_for_function(find, timeout=20000).json_value()
        assert point["at"] == "cluster-Organization"  # what a click there hits
        page.mouse.click(point["x"], point["y"])
        try:
            page.wait_for_function(gone, timeout=5000)
            break
        except PlaywrightTimeout:
            continue
    assert page.evaluate(gone), "a click on the Organization cluster's node did not open it"
    assert page.locator("button[data-cluster='cluster-Organization']").get_attribute(
        "aria-expanded") == "true"  # fmt: skip
    page.click("#network-clusters button[data-cluster='']")  # expand all
    assert len(page.evaluate(VISIBLE)["visible"]) == len(data["nodes"])
    assert not page.errors, page.errors


def test_a_focused_picture_is_not_grouped(chromium, live_server):
    page = new_page(chromium)
    page.goto(live_server.url + "/network?focus=guangzhou&depth=2")
    page.wait_for_selector("#network-chart[data-stable]", timeout=20000)
    shown = page.evaluate(VISIBLE)
    assert not shown["clusters"] and page.locator("#network-clusters").count() == 0
    assert len(shown["visible"]) == len(network(live_server, "?focus=guangzhou&depth=2")["nodes"])
