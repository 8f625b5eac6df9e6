"""An installed gskg works like the checkout: the wheel, in a fresh venv made from the lock,
run from a folder that holds only data/ and ontology/ (issue 19, item 3).

Slow (a venv, the locked dependencies from pip's cache or the registry, a wheel build): it
runs in `make test`, not in `make test-fast`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest
import requests
from conftest import ROOT, free_port, stop_server
from test_curate import EXCERPT, SOURCE

pytestmark = [pytest.mark.slow, pytest.mark.server]

#: What the wheel is built from: the files of a fresh clone (no venv, no build, no caches).
SKIP = shutil.ignore_patterns(".git", ".venv*", "dist", "build", "*.egg-info", "__pycache__",
                              ".pytest_cache", ".ruff_cache", ".hypothesis", "tests", "bench",
                              "releases", "docs")  # fmt: skip
#: A shape the shipped data does not meet: every city needs an rdfs:comment.
EXTRA_SHAPE = """
gskg:CityCommentShape a sh:NodeShape ;
    sh:targetClass gskg:City ;
    sh:property [ sh:path rdfs:comment ; sh:minCount 1 ;
                  sh:message "wheel test: a city needs a comment" ] .
"""


def run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    """Run a command with a clean environment (nothing of the checkout on the path)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GSKG_", "PYTHON"))}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, **kw)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a venv holding the locked dependencies and the wheel of gskg."""
    tmp = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, tmp / "src", ignore=SKIP, symlinks=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    ok(run([*pip, "wheel", "--no-deps", "-q", "-w", str(tmp / "wheels"), str(tmp / "src")], tmp))
    [wheel] = (tmp / "wheels").glob("gskg-*.whl")
    venv.create(tmp / "venv", with_pip=True)
    bin_ = tmp / "venv" / "bin"
    vpip = [str(bin_ / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    lock = str(ROOT / "requirements.txt")
    ok(run([*vpip, "install", "--require-hashes", "--no-deps", "-r", lock], tmp))
    ok(run([*vpip, "install", "--no-deps", str(wheel)], tmp))
    where = ok(run([str(bin_ / "python"), "-c", "import gskg; print(gskg.__file__)"], tmp))
    assert "site-packages" in where and str(ROOT) not in where
    return bin_


@pytest.fixture(scope="module")
def work(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder with only data/ and ontology/ (copies of the repository's)."""
    folder = tmp_path_factory.mktemp("work")
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "ontology", folder / "ontology")
    return folder


def test_validate_build_check_from_an_empty_folder(installed: Path, work: Path) -> None:
    gskg = str(installed / "gskg")
    assert "valid:" in ok(run([gskg, "validate"], work))
    assert "built" in ok(run([gskg, "build"], work))
    assert (work / "dist" / "gskg.nt").is_file()
    report = json.loads(ok(run([gskg, "check", "--format", "json", "--seeds", "seeds"], work)))
    assert report["summary"]["error"] == 0 and report["items"]


def test_curate_drafts_from_an_empty_folder(installed: Path, work: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(work / "data", data)
    with open(data / "sources.yaml", "a", encoding="utf-8") as fh:
        fh.write(SOURCE)
    (tmp_path / "corpus").mkdir()  # a new document joins through corpus/
    (tmp_path / "corpus" / "excerpt.txt").write_text(EXCERPT, encoding="utf-8")
    shutil.copytree(work / "ontology", tmp_path / "ontology")
    args = ["curate", "corpus/excerpt.txt", "--doc", "test-excerpt", "-o", "review.yaml"]
    ok(run([str(installed / "gskg"), *args], tmp_path))
    assert "proposals:" in (tmp_path / "review.yaml").read_text(encoding="utf-8")
    # the fitted models ship with the package (without them curate quietly drafts by rules)
    models = "from gskg.curate import accept, date_model; print(accept.load_filter() is not None,"
    models += " isinstance(date_model.load_model(), date_model.DateModel))"
    assert ok(run([str(installed / "python"), "-c", models], tmp_path)).split() == ["True", "True"]


def test_changed_shapes_change_what_validate_reports(installed: Path, work: Path,
                                                     tmp_path: Path) -> None:  # fmt: skip
    edited = tmp_path / "edited-ontology"
    shutil.copytree(work / "ontology", edited)
    with open(edited / "shapes.ttl", "a", encoding="utf-8") as fh:
        fh.write(EXTRA_SHAPE)
    gskg = str(installed / "gskg")
    plain = run([gskg, "validate", "--no-reason"], work)
    assert plain.returncode == 0 and "a city needs a comment" not in plain.stderr
    changed = run([gskg, "validate", "--no-reason", "--ontology", str(edited)], work)
    assert changed.returncode == 2, changed.stderr
    flagged = [ln for ln in changed.stderr.splitlines() if ln.endswith("a city needs a comment")]
    assert flagged and all(" (City): wheel test: " in ln for ln in flagged)


def test_serve_answers_over_http(installed: Path, work: Path) -> None:
    gskg = str(installed / "gskg")
    if not (work / "dist" / "gskg.nt").is_file():
        ok(run([gskg, "build"], work))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GSKG_", "PYTHON"))}
    log = (work / "serve.log").open("wb")
    proc = subprocess.Popen([gskg, "serve", "--port", str(port), "--seeds", "seeds"], cwd=work,
                            env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if requests.get(url + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        found = requests.get(url + "/search.json", params={"q": "广州"}, timeout=60)
        assert found.status_code == 200, (work / "serve.log").read_text(errors="replace")
        assert "https://w3id.org/gskg/resource/guangzhou" in found.text
        quality = requests.get(url + "/quality", params={"format": "json"}, timeout=120)
        assert quality.status_code == 200 and quality.json()["summary"]["error"] == 0
        home = requests.get(url + "/", timeout=30)  # the home page: its own queries
        assert home.status_code == 200 and "/resource/guangzhou" in home.text, home.text[-2000:]
        query = requests.get(url + "/query", timeout=30)  # the query page: templates, queries
        assert query.status_code == 200 and "01-platforms-by-city" in query.text
        assert requests.get(url + "/ontology.ttl", timeout=30).status_code == 200
        assert requests.get(url + "/openapi.json", timeout=30).status_code == 200
    finally:
        stop_server(proc)
