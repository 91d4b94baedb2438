"""Language detection with lingua, restricted to a few common languages, built once."""

from __future__ import annotations

from functools import lru_cache

from .resources import load_yaml


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    names = load_yaml("metadata.yaml")["languages"]
    languages = [getattr(Language, name) for name in names]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when undecided."""
    sample = text[: int(load_yaml("metadata.yaml")["language_sample_chars"])]
    if not sample.strip():
        return None
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None
