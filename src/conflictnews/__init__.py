"""conflictnews: a reproducible build from raw news articles to a citable conflict-event dataset."""

__version__ = "0.1.0"
