"""The claims stage: attributed statements of every article, as a CLAIMS table.

attribution.py finds who-said-what patterns on the parse, speakers.py resolves and types the
speakers, stance.py labels assert/deny/accuse, linking.py points each claim at an event mention;
extract.py puts them together. contested.py (which speakers of an incident disagree) is read by
incidents.py and needs no parse.
"""

__all__ = ["extract_claims", "article_claims"]


def __getattr__(name: str):
    """extract_claims and article_claims load on first use, with spaCy: contested.py needs neither."""
    if name in __all__:
        from . import extract

        return getattr(extract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
