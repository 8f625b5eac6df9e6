"""Linking to other data sets: identifier checks, reconciliation with Wikidata, link statistics."""
