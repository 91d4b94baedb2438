"""Bytes -> text: decode with the source's encoding, repair mojibake and stray control bytes.

Undecodable bytes in an otherwise textual record are mapped to the Latin-1 character of the
same value and then repaired by ftfy (a Windows-1252 byte in a UTF-8 file, say). A record that
does not look like text at all (NUL bytes, mostly non-printable) is rejected as undecodable.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ftfy

_FALLBACK = "conflictnews-latin1-fallback"


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    # An undecodable byte becomes the Latin-1 character of the same value; ftfy repairs it later.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bytes(bad).decode("latin-1"), err.end


codecs.register_error(_FALLBACK, _latin1_fallback)

# Share of non-printable characters above which a record is not text.
MAX_NONPRINTABLE = 0.1


@dataclass(slots=True)
class Decoded:
    text: str | None  # None when the bytes are not text
    repaired: bool  # ftfy or the byte fallback changed something
    error: str | None = None  # why text is None


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True for NUL bytes or mostly non-printable bytes in the first `sample` bytes."""
    head = data[:sample]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > MAX_NONPRINTABLE


def nonprintable_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(
        1
        for ch in text
        if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd"
    )
    return bad / len(text)


# Repair only what is broken: keep curly quotes, ligatures and widths as written (clean normalises them).
_FTFY = ftfy.TextFixerConfig(
    fix_line_breaks=False, uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False, normalization=None
)


def repair_text(text: str) -> tuple[str, bool]:
    """ftfy's repair (mojibake, C1 controls, stray control characters); True when it changed something."""
    fixed = ftfy.fix_text(text, _FTFY)
    return fixed, fixed != text


@lru_cache(maxsize=32)
def undefined_bytes(encoding: str) -> bytes:
    """High bytes a single-byte codec cannot decode (0x81 in cp1252); empty for multi-byte codecs."""
    try:
        if codecs.lookup(encoding).name in _MULTIBYTE:
            return b""
    except LookupError as exc:
        raise ValueError(f"unknown encoding {encoding!r} in the source config") from exc
    bad = []
    for value in range(0x80, 0x100):
        try:
            bytes([value]).decode(encoding)
        except UnicodeDecodeError:
            bad.append(value)
    return bytes(bad)


_MULTIBYTE = {"utf-8", "utf-16", "utf-32", "utf-8-sig", "gb18030", "gbk", "big5", "shift_jis", "euc_jp", "euc_kr"}
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def drop_stray_bytes(data: bytes, encoding: str) -> tuple[bytes, bool]:
    """Single-byte codecs: drop every run of high bytes that holds an undefined byte.

    Such a run is one character broken in transit ("\x95\x81" where a quote or a copyright
    sign stood); decoding its defined bytes would leave a wrong character behind.
    """
    bad = undefined_bytes(encoding)
    if not bad:
        return data, False
    changed = False

    def _sub(match: re.Match) -> bytes:
        nonlocal changed
        if any(b in bad for b in match.group()):
            changed = True
            return b""
        return match.group()

    return _HIGH_RUN.sub(_sub, data), changed


def decode_line(data: bytes, encoding: str) -> tuple[str, bool]:
    """Decode one line of a record file; True when stray bytes were dropped or replaced."""
    data, dropped = drop_stray_bytes(data, encoding)
    try:
        return data.decode(encoding), dropped
    except UnicodeDecodeError:
        return data.decode(encoding, errors=_FALLBACK), True


def decode_bytes(data: bytes, encoding: str = "utf-8") -> Decoded:
    """Decode one record's bytes; see the module docstring for the fallbacks."""
    if looks_binary(data):
        return Decoded(None, False, "binary content (NUL or control bytes)")
    text, fell_back = decode_line(data, encoding)
    return decode_text(text, fell_back)


def decode_text(text: str, fell_back: bool = False) -> Decoded:
    """Repair text that was decoded elsewhere (a CSV field, a JSON string)."""
    if "\x00" in text:
        return Decoded(None, False, "NUL characters in text")
    fixed, changed = repair_text(text)
    if nonprintable_share(fixed) > MAX_NONPRINTABLE:
        return Decoded(None, False, "mostly non-printable after decoding")
    return Decoded(fixed, changed or fell_back)
