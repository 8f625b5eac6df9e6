"""gskg: the Guangzhou–Shenzhen knowledge graph."""

__version__ = "0.1.0"
