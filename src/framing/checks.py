"""Parameter checks with one standard message, so every function rejects bad input alike."""

from __future__ import annotations

import numbers

from framing.errors import ParameterError


def check_int(name: str, value: object, *, minimum: int | None = 1) -> int:
    """Return ``value`` as an ``int`` when it is a whole number ``>= minimum``.

    ``True``/``False`` are refused although Python counts them as integers.

    >>> check_int("jobs", 2)
    2
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterError(f"{name} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ParameterError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def check_number(name: str, value: object, *, minimum: float | None = 0.0) -> float:
    """Return ``value`` as a ``float`` when it is a real number ``>= minimum`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(f"{name} must be a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ParameterError(f"{name} must be >= {minimum}, got {value!r}")
    return float(value)
