"""Server settings, declared once: defaults → `GSKG_*` environment → command-line options.

Every setting is one `Setting` row; `load_settings` layers the sources and the click
options of `gskg serve` / `python server.py` are generated from the same table, so
`--help`, the environment variables and the defaults cannot drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..errors import GskgError
from ..resources import packaged_queries


class BadSetting(GskgError):
    """A setting has a value of the wrong kind."""

    status = 500


def default_queries_dir() -> Path:
    """The example queries: ./queries when present, else the ones packaged with gskg."""
    here = Path("queries")
    if here.is_dir():
        return here
    return packaged_queries()


@dataclass(frozen=True)
class Setting:
    """One setting: name, default, help text, type; `multiple` takes a list of values."""

    name: str
    default: Any
    help: str
    type: Callable[[str], Any] = str
    multiple: bool = False
    metavar: str | None = None

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return "GSKG_" + self.name.upper()

    @property
    def flag(self) -> str:
        """The command-line option that sets it."""
        return "--" + self.name.replace("_", "-")


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {text!r}")


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Interface to listen on (0.0.0.0 for every interface)."),
    Setting("port", 5000, "TCP port to listen on.", int),
    Setting("data", Path("dist/gskg.nt"), "The built N-Triples file to serve.", Path, False,
            "FILE"),
    Setting("store", None, "Keep the store on disk in this folder (reopened in milliseconds; "
            "reloaded only when a data file changed). Default: in memory.", Path, False, "DIR"),
    Setting("sparql_endpoint", None, "Serve from this SPARQL 1.1 endpoint (a triple store "
            "filled by `gskg push`) instead of the embedded store; --data then only locates "
            "the exports.", metavar="URL"),
    Setting("add", (), "Load another RDF file into a named graph (default name: the file's "
            "URI). Repeatable; in the environment, separate entries with spaces.", str, True,
            "FILE[=GRAPH]"),
    Setting("reload", True, "Serve a new build without a restart: when a data file changes, "
            "load it in the background and swap it in (a file that fails to load is logged "
            "and the previous graph kept). In-memory store only.", _bool),
    Setting("timeout", 10.0, "Per-query time limit in seconds; clients may lower it with "
            "timeout=, never raise it. A query past it is killed.", float),
    Setting("max_rows", 10_000, "Largest result a query may return (rows or triples).", int),
    Setting("max_result_bytes", 64 * 1024 * 1024, "Largest serialised result, in bytes.", int),
    Setting("max_request_bytes", 1024 * 1024, "Largest request body or query string, bytes.",
            int),
    Setting("max_concurrent", 4, "Queries running at once per server process.", int),
    Setting("queue_wait", 2.0, "Seconds a query waits for a free slot before a 503.", float),
    Setting("memory_limit_mb", 2048, "Memory a query worker may add, in MiB (0: no limit).",
            int),
    Setting("max_download_cells", 50_000, "Largest table /results.csv and /results.xlsx "
            "make (rows × columns); larger: 400.", int),
    Setting("catalog_timeout", 120.0, "Time limit in seconds for building the catalog that "
            "search, browse and compare use (in its own worker). Past it, or past the memory "
            "limit, those pages answer 503 at once and the build is retried after "
            "catalog_retry seconds.", float),
    Setting("catalog_retry", 600.0, "Seconds before a failed catalog build is tried again.",
            float),
    Setting("allow_service", (), "Allow SERVICE calls to this endpoint IRI (a trailing * "
            "allows a prefix). Repeatable. Default: none (federation off).", str, True, "IRI"),
    Setting("queries", None, "Folder of example queries (*.rq) shown on the query page. "
            "Default: ./queries, else the packaged ones.", Path, False, "DIR"),
    Setting("cache_max_age", 300, "Cache-Control max-age (seconds) of results and exports.",
            int),
    Setting("curated", Path("data"), "Folder of the curated YAML files that /quality checks.",
            Path, False, "DIR"),
    Setting("ontology", None, "Folder of the ontology modules /quality checks against. "
            "Default: ./ontology, else the packaged ontology.", Path, False, "DIR"),
    Setting("seeds", Path("../shared/seeds"), "Folder of the source documents /quality "
            "finds the quotes in.", Path, False, "DIR"),
    Setting("releases", Path("releases"), "Folder of the releases (`gskg release`) shown at "
            "/changes.", Path, False, "DIR"),
    Setting("cors", True, "Send Access-Control-Allow-Origin: * (read-only endpoint).", _bool),
    Setting("workers", 0, "0: the embedded threaded server; N: gunicorn with N processes.", int),
    Setting("threads", 8, "Request threads per gunicorn worker process.", int),
)  # fmt: skip
BY_NAME = {s.name: s for s in SETTINGS}


class Settings(Mapping[str, Any]):
    """The resolved settings, read as attributes (`settings.timeout`)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"


def _convert(setting: Setting, value: Any) -> Any:
    if value is None:
        return None
    try:
        if setting.multiple:
            items = value.split() if isinstance(value, str) else list(value)
            return tuple(setting.type(v) if isinstance(v, str) else v for v in items)
        return setting.type(value) if isinstance(value, str) else value
    except ValueError as exc:
        raise BadSetting(f"{setting.env} / {setting.flag}: {exc}") from None


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then `GSKG_*` variables of `environ`, then `overrides` (e.g. CLI options)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        value = s.default
        if s.env in environ:
            value = environ[s.env]
        if overrides and overrides.get(s.name) not in (None, ()):
            value = overrides[s.name]
        values[s.name] = _convert(s, value)
    unknown = set(overrides or {}) - set(BY_NAME)
    if unknown:
        raise BadSetting(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if values["queries"] is None:
        values["queries"] = default_queries_dir()
    if values["timeout"] <= 0:
        raise BadSetting("timeout must be positive")
    return Settings(values)


_METAVARS: dict[Any, str] = {int: "N", float: "SECONDS", _bool: "BOOL"}


def click_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a click command with one option per setting (help shows env and default)."""
    for s in reversed(SETTINGS):
        shown = "" if s.default in (None, ()) else f" [default: {s.default}]"
        func = click.option(
            s.flag,
            s.name,
            multiple=s.multiple,
            default=None,
            metavar=s.metavar or _METAVARS.get(s.type, "TEXT"),
            help=f"{s.help}{shown} [env: {s.env}]",
        )(func)
    return func
