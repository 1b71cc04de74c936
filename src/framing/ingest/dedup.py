"""Duplicates: exact duplicates (same content id) are collapsed into the first copy with a
note; near duplicates are found with MinHash LSH over word shingles (datasketch), confirmed
with the exact shingle Jaccard, and flagged with the id of their earlier twin."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from framing.errors import ParameterError

_WORD = re.compile(r"\w+")
#: datasketch's hashing scheme, pinned so cached signatures stay comparable across versions.
SCHEME = "affine32"


def shingles(text: str, size: int = 5) -> set[bytes]:
    """Return the set of ``size``-word shingles of ``text`` (lower-case words), as bytes."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def collapse_exact(articles: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Return ``articles`` with repeated ``article_id`` rows dropped (first kept, in order)
    and a ``duplicate_note`` naming the dropped copies; also the list of dropped paths."""
    duplicated = articles["article_id"].duplicated(keep="first")
    if not duplicated.any():
        return articles, []
    out = articles.loc[~duplicated].copy()
    dropped = articles.loc[duplicated]
    where = dropped.assign(
        where=dropped["path"].astype(str)
        + np.where(dropped["record"].astype(int) > 0, "#" + dropped["record"].astype(str), "")
    )
    notes = where.groupby("article_id", sort=False)["where"].agg(lambda s: ", ".join(s))
    has_note = out["article_id"].isin(notes.index)
    out.loc[has_note, "duplicate_note"] = [
        f"exact duplicate also at: {notes[i]}" for i in out.loc[has_note, "article_id"]
    ]
    return out.reset_index(drop=True), where["where"].tolist()


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int):
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations


#: Version of the signature recipe below; part of the ingest cache key, so signatures made
#: by an older recipe are never compared with new ones.
SIGNATURE_VERSION = "wordhash-affine32-v2"
_SHINGLE_BASE = np.uint32(0x01000193)  # odd multiplier (FNV prime) combining word hashes
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def shingle_hashes(text: str, size: int = 5) -> np.ndarray:
    """Return one stable uint32 hash per ``size``-word shingle of ``text`` (lower-case words).

    Each word is hashed once (CRC-32, stable across runs and machines) and the hashes of a
    window are combined polynomially in one vectorised pass, instead of joining and hashing
    every shingle string: equal shingles get equal hashes, like :func:`shingles`' sets.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint32)
    if len(words) < size:
        return np.array([zlib.crc32(" ".join(words).encode())], dtype=np.uint32)
    word_hashes = np.fromiter(
        map(zlib.crc32, map(str.encode, words)), dtype=np.uint32, count=len(words)
    )
    count = len(words) - size + 1
    combined = word_hashes[:count].copy()
    for offset in range(1, size):
        combined *= _SHINGLE_BASE
        combined += word_hashes[offset : offset + count]
    return combined


def minhash_signature(
    text: str, *, num_perm: int = 128, shingle_size: int = 5, seed: int = 1
) -> bytes:
    """Return the MinHash signature of ``text``'s word shingles as bytes (empty for no words).

    datasketch's ``affine32`` scheme (MurmurHash3 finalizer, then ``a * h + b`` mod 2**32 with
    its seeded permutations, minimum per permutation) applied with one numpy broadcast over all
    shingle hashes of the article, so :class:`datasketch.LeanMinHash` and ``MinHashLSH`` read
    the result. Computed per article where the article is processed (in a worker, cached
    across runs), so :func:`flag_near_duplicates` only has to bucket signatures.
    """
    hashes = shingle_hashes(text, shingle_size)
    if not len(hashes):
        return b""
    shift1, mult1, shift2, mult2 = _FMIX
    hashes = hashes ^ (hashes >> shift1)
    hashes *= mult1
    hashes ^= hashes >> shift2
    hashes *= mult2
    hashes ^= hashes >> shift1
    a, b = _permutations(num_perm, seed)
    permuted = a[:, None] * hashes[None, :]
    permuted += b[:, None]
    return permuted.min(axis=1).astype(np.uint64).tobytes()


def flag_near_duplicates(
    articles: pd.DataFrame,
    *,
    threshold: float = 0.8,
    num_perm: int = 128,
    shingle_size: int = 5,
    seed: int = 1,
    signatures: Sequence[bytes | None] | None = None,
) -> pd.DataFrame:
    """Return ``articles`` with ``duplicate_of`` set to the id of the earliest earlier article
    whose text has shingle Jaccard >= ``threshold``, and a ``duplicate_note`` with the score.

    ``signatures`` (from :func:`minhash_signature`, same parameters) saves recomputing them.
    Candidates come from MinHash LSH tuned for recall (its own threshold is 0.2 lower, so a
    pair at the threshold is a candidate with probability ~0.99); each candidate is confirmed
    with the exact shingle Jaccard, so false candidates never reach the output.
    """
    if not 0 < threshold <= 1:
        raise ParameterError(f"threshold must be in (0, 1], got {threshold}")
    from datasketch import MinHashLSH

    out = articles.copy()
    texts = out["text"].astype(str).tolist()
    if signatures is None:
        signatures = [
            minhash_signature(t, num_perm=num_perm, shingle_size=shingle_size, seed=seed)
            for t in texts
        ]
    # datasketch picks the bands (b bands of r rows) for the threshold; bucketing the band
    # bytes in plain dicts gives the same candidates as its index without per-article objects.
    lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=num_perm)
    bands = [(i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b)]
    buckets: list[dict[bytes, list[int]]] = [{} for _ in bands]
    shingle_sets: dict[int, set[bytes]] = {}

    def grams(index: int) -> set[bytes]:
        if index not in shingle_sets:
            shingle_sets[index] = shingles(texts[index], shingle_size)
        return shingle_sets[index]

    duplicate_of = [None if pd.isna(v) else str(v) for v in out["duplicate_of"]]
    notes = [None if pd.isna(v) else str(v) for v in out["duplicate_note"]]
    ids = out["article_id"].astype(str).tolist()
    for index, signature in enumerate(signatures):
        if not signature:
            continue
        values = np.frombuffer(signature, dtype=np.uint64)
        if len(values) != num_perm:
            raise ParameterError(
                f"signature of article {ids[index]} has {len(values)} values; "
                f"num_perm is {num_perm}"
            )
        keys = [values[start:stop].tobytes() for start, stop in bands]
        candidates: set[int] = set()
        for bucket, band_key in zip(buckets, keys, strict=True):
            candidates.update(bucket.get(band_key, ()))
        best: tuple[int, float] | None = None
        for key in sorted(candidates):
            union = len(grams(index) | grams(key))
            score = len(grams(index) & grams(key)) / union if union else 0.0
            if score >= threshold:
                best = (key, score)
                break
        if best is not None:
            duplicate_of[index] = ids[best[0]]
            note = f"near duplicate of {ids[best[0]]} (shingle Jaccard {best[1]:.2f})"
            notes[index] = note if notes[index] is None else f"{notes[index]}; {note}"
        for bucket, band_key in zip(buckets, keys, strict=True):
            bucket.setdefault(band_key, []).append(index)
    out["duplicate_of"] = pd.array(duplicate_of, dtype="string")
    out["duplicate_note"] = pd.array(notes, dtype="string")
    return out
