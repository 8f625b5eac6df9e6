"""The gskg web app: SPARQL endpoint, query page and resource pages (Flask app factory).

    app = create_app()                        # settings from defaults + GSKG_* environment
    app = create_app({"data": "dist/gskg.nt", "timeout": 5})

Production: `gunicorn -w 2 -k gthread --threads 8 --preload --limit-request-line 8190
--no-control-socket 'gskg.web:create_app()'`
(see `gskg serve --help` for the settings, all also read from GSKG_* variables).
"""

from __future__ import annotations

import atexit
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .settings import Settings, load_settings

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app"]


def create_app(settings: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app: load the store (once, before any fork) and register the blueprints."""
    # Imported here so that `gskg` commands reading the settings table stay fast.
    from flask import Flask

    from ..sparql.backend import open_backend
    from . import (
        browse,
        catalog,
        catalogfile,
        changes,
        compare,
        home,
        http,
        i18n,
        network,
        pages,
        panelcsv,
        quality,
        readable,
        results,
        search,
        sparql,
        timeline,
    )

    if not isinstance(settings, Settings):
        settings = load_settings(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = settings.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    backend = open_backend(settings)
    app.extensions["gskg"] = backend
    # The catalog and search index `gskg build` stored, opened now when they fit the graph.
    holder = catalog.CatalogHolder(stored=catalogfile.stored_catalog)
    app.extensions["gskg-catalog"] = holder
    holder.preload(backend)
    atexit.register(backend.executor.close)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(home.bp)
    app.register_blueprint(panelcsv.bp)
    app.register_blueprint(timeline.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(results.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(compare.bp)
    app.register_blueprint(quality.bp)
    quality.start(app, settings)
    app.register_blueprint(changes.bp)
    http.init_app(app)
    i18n.init_app(app)
    readable.init_app(app)
    return app
