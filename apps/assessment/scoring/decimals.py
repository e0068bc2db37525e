"""Decimal helpers shared by the scoring modules: conversion, rounding and the figures shown in the texts.

All scoring arithmetic runs in a local decimal context (28 significant digits, ROUND_HALF_UP), so a
caller's own context cannot change a score.
"""

import decimal
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)


def context():
    """The context every score is computed in: the same digits whatever the caller's context."""
    return decimal.localcontext(prec=28, rounding=ROUND_HALF_UP)


def dec(value) -> Decimal:
    """A number as a Decimal: ints and strings exactly, floats by their shortest repr (0.8, not 0.80000000000000004)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError(f"不是数值:{value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError(f"不是数值:{value!r}") from None
    raise TypeError(f"不是数值:{value!r}")


def opt_dec(value) -> Decimal | None:
    return None if value is None else dec(value)


def cents(value: Decimal) -> Decimal:
    """Rounded to 2 places, half up (55.335 → 55.34): used at each dimension and at the total only."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A figure for the texts: no trailing zeros, no exponent (60, 8.3, 55.33, -0.5)."""
    if value == 0:
        return "0"
    return f"{value.normalize():f}"


def fmt_cents(value: Decimal) -> str:
    """A computed figure for the texts: rounded to 2 places, then as fmt (55.333… → 55.33)."""
    return fmt(cents(value))


def signed(value: Decimal) -> str:
    """A delta for the texts: +1, -0.5, 0."""
    return f"+{fmt(value)}" if value > 0 else fmt(value)
