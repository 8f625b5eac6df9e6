"""The SPARQL engine: store, query planning and checks, killable workers, remote stores, formats."""
