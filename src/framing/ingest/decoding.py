"""Raw bytes to text: size and binary checks, encoding detection, mojibake repair.

A file that cannot be read or decoded raises :class:`~framing.errors.InputError` naming the
file and the reason, so the caller records it and goes on with the other files.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from pathlib import Path

from framing.config import DEFAULT_MAX_BYTES
from framing.errors import InputError

_BINARY_SAMPLE = 8192
# A UTF-8 lead byte read as cp1252/latin-1 followed by a continuation byte read the same way
# ("â€™", "Ã©", "Â "), or C1 controls: the signs of mojibake that ftfy repairs.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|[\u0080-\u009f]"
)
_TEXT_CONTROL = set(b"\t\n\r\f\v\x1b")
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in _TEXT_CONTROL)
#: Lone UTF-16 surrogates: a str holding one cannot be written as UTF-8 (JSON "\ud800").
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_checked_bytes(path: Path, label: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of ``path``; raise :class:`InputError` for unreadable, empty, too
    large or binary files (``label`` names the file in messages)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                label,
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                "(raise it with --max-bytes)",
                kind="too_large",
            )
        data = path.read_bytes()
    except OSError as error:
        raise InputError(label, f"cannot read the file: {error.strerror or error}") from error
    if not data.strip():
        raise InputError(label, "file is empty", kind="empty")
    if looks_binary(data):
        raise InputError(label, "file looks binary (not text); skipped", kind="binary")
    return data


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes (outside UTF-16/32 with a BOM) or many
    control characters in the first 8 KiB."""
    sample = data[:_BINARY_SAMPLE]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # C-speed count of control bytes
    return controls > max(8, len(sample) // 100)


def _decode_with_bom(data: bytes, label: str) -> tuple[str, str] | None:
    """Return ``(text, encoding)`` for bytes starting with a UTF-8/UTF-16 byte-order mark,
    None without one; raise :class:`InputError` when the bytes contradict their mark."""
    if data.startswith(codecs.BOM_UTF8):
        codec, name, encoding = "utf-8", "UTF-8", "utf-8-sig"
        body = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec, name, encoding, body = "utf-16", "UTF-16", "utf-16", data
    else:
        return None
    try:
        text = body.decode(codec, errors="strict")
    except UnicodeDecodeError as error:
        raise InputError(
            label,
            f"starts with a {name} byte-order mark but is not valid {name} ({error.reason} at "
            f"byte {error.start}); re-save the file as UTF-8",
            kind="undecodable",
        ) from error
    if LONE_SURROGATE.search(text):
        raise InputError(
            label, f"invalid {name}: holds a lone surrogate; re-save the file as UTF-8",
            kind="undecodable",
        )  # fmt: skip
    return text, encoding


def decode_bytes(data: bytes, label: str) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-8 (with or without BOM), UTF-16 with a BOM, then
    cp1252, then the encoding charset-normalizer detects; mojibake is repaired with ftfy.

    Raises :class:`InputError` (kind ``undecodable``) when no encoding fits, or when a
    byte-order mark announces an encoding the bytes do not follow.
    """
    import ftfy

    decoded = _decode_with_bom(data, label)
    if decoded is None:
        for candidate in ("utf-8", "cp1252"):
            try:
                decoded = data.decode(candidate), candidate
                break
            except UnicodeDecodeError:
                continue
    if decoded is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(
                label,
                "cannot decode: not UTF-8, cp1252 or a detectable encoding",
                kind="undecodable",
            )
        decoded = str(best), best.encoding
    text, encoding = decoded
    if not _MOJIBAKE_HINT.search(text):  # ftfy is slow; skip it for text that cannot need it
        return unicodedata.normalize("NFC", text), encoding
    fixed = ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        unescape_html=False,
        normalization="NFC",
    )
    return fixed, encoding if fixed == text else f"{encoding}+ftfy"
