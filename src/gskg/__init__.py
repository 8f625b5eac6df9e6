"""gskg: the Guangzhou–Shenzhen knowledge graph."""

__version__ = "0.1.0"

#: Where `gskg serve` listens by default: the endpoint void.ttl names unless the build is told
#: the public one (`gskg build --endpoint`).  Here, not in void.py, so the CLI starts fast.
DEFAULT_ENDPOINT = "http://127.0.0.1:5000/sparql"
