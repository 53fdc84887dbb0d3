"""Exact numbers: the decimal context, conversion of callers' values, rounding, display."""

from __future__ import annotations

import decimal
import functools
import reprlib
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Final, ParamSpec, TypeVar

from .messages import Message, msg

#: Every evaluation runs in this context, whatever the caller's thread-local one is.
#: 60 digits hold 40-digit inputs and their ratios without silent loss.
CONTEXT: Final = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_P = ParamSpec("_P")
_T = TypeVar("_T")


def exact(function: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run ``function`` in :data:`CONTEXT`: the caller's decimal context neither leaks in nor changes.

    Every public entry point wears this, so a caller's ``prec=3`` or ``traps[Inexact]`` cannot
    change a score, a message or an explanation.
    """

    @functools.wraps(function)
    def in_context(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        with localcontext(CONTEXT):
            return function(*args, **kwargs)

    return in_context


ROUNDING_MODES: Final = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)
HUNDRED: Final = Decimal(100)


#: Most significant digits a measured value may have (the context keeps 60).
MAX_DIGITS: Final = 40


class NotANumber(ValueError):
    """A caller's value cannot be read as the number it should be; ``text`` words why in either language."""

    def __init__(self, text: Message | str) -> None:
        self.text = text
        super().__init__(str(text))


def to_decimal(value: object) -> Decimal:
    """A caller's number as a Decimal; floats go through their shortest repr.

    ``0.1`` becomes ``Decimal("0.1")``, not its binary expansion. Booleans,
    NaN and infinities are refused: none of them is a measured value.
    """
    if type(value) is Decimal:  # the common cases, checked first
        result = value
    elif isinstance(value, str):  # (no str is also a bool, a Decimal, an int or a float: the order is free)
        text = value.strip()
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise NotANumber(msg("data.not-a-number", value=shown(value))) from None
    elif isinstance(value, bool):
        raise NotANumber(msg("data.bool-for-number"))
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):  # numpy.float64 too, whose own repr is "np.float64(0.9)"
        result = Decimal(float.__repr__(value))
        if not result.is_finite():
            raise NotANumber(msg("data.not-finite", value=float.__repr__(value)))
    elif is_missing(value):
        raise NotANumber(msg("data.empty", value=shown(value)))
    else:
        result = _numpy_scalar(value)
    if not result.is_finite():
        raise NotANumber(msg("data.not-finite", value=shown(value)))
    if result.is_zero():
        return ZERO  # -0 reads as 0
    # 60-digit arithmetic keeps every 40-digit measurement and its ratios exact; beyond, a
    # value would be rounded without anyone noticing, so it is refused instead.
    if not -MAX_DIGITS <= result.adjusted() < MAX_DIGITS:
        raise NotANumber(msg("data.out-of-range", value=_short(value), digits=MAX_DIGITS))
    # (str() shows every digit of the coefficient: a short one cannot have too many, and is quicker to take)
    if len(str(result)) > MAX_DIGITS and len(result.as_tuple().digits) > MAX_DIGITS \
            and len(result.normalize(CONTEXT).as_tuple().digits) > MAX_DIGITS:  # fmt: skip
        raise NotANumber(msg("data.too-many-digits", value=_short(value), digits=MAX_DIGITS))
    return result



def is_missing(value: object) -> bool:
    """None, and the empty cells of pandas and numpy: ``pd.NA``, ``pd.NaT``, ``np.datetime64("NaT")``."""
    if value is None:
        return True
    kind = type(value)
    if kind.__module__.startswith("pandas"):
        return kind.__name__ in ("NAType", "NaTType")
    return kind.__module__ == "numpy" and kind.__name__ in ("datetime64", "timedelta64") and str(value) == "NaT"


def _numpy_scalar(value: object) -> Decimal:
    """A numpy number (from a DataFrame cell) read as the value it shows; numpy itself is not imported."""
    kind = getattr(getattr(value, "dtype", None), "kind", None) if type(value).__module__ == "numpy" else None
    if kind in ("i", "u"):
        return Decimal(int(value))  # type: ignore[call-overload]
    if kind == "f":  # float32, float16, longdouble: str() is their shortest repr, as for a float
        return to_decimal(str(value))
    if kind == "b":
        raise NotANumber(msg("data.bool-for-number"))
    raise NotANumber(msg("data.not-a-number-kind", kind=type(value).__name__, value=shown(value)))


def _short(value: object) -> str:
    text = str(Decimal(value)) if isinstance(value, int) else str(value)  # str(int) stops at 4,300 digits
    return text if len(text) <= 24 else f"{text[:10]}…{text[-6:]} ({len(text)} characters)"


class _Repr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:  # repr() of an int over 4,300 digits raises
        return _short(x)


_REPR = _Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 40, 40, 3, 6, 6


def shown(value: object) -> str:
    """A caller's value in a message: ``repr``, but short and shallow whatever the value is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _short(value)
    return _REPR.repr(value)


def parse_rate(value: object) -> Decimal:
    """A rate: ``"95%"``, ``"5.5‰"``, or a number read as a fraction (``0.95``)."""
    if type(value) is str and value[-1:] == "%":  # the commonest, as tables and forms give it: what the general path gives
        try:
            number: Decimal | None = Decimal(value[:-1])  # (Decimal() strips what str.strip() strips)
        except decimal.InvalidOperation:
            number = None
        # A short finite number, not zero, within range: what to_decimal gives for it, without its layers.
        if number is not None and len(value) <= MAX_DIGITS and number.is_finite() and not number.is_zero() \
                and -MAX_DIGITS <= number.adjusted() < MAX_DIGITS:  # fmt: skip
            return CONTEXT.divide(number, HUNDRED)
        return CONTEXT.divide(_rate_digits(value, value[:-1]), HUNDRED)
    if isinstance(value, str):
        text = value.strip()
        scale = _RATE_SCALES.get(text[-1:])  # each sign is one character
        if scale is not None:
            return CONTEXT.divide(_rate_digits(value, text[:-1]), scale)
    return to_decimal(value)


def _rate_digits(value: str, digits: str) -> Decimal:
    """The number before a percent sign; what is not a number is named as written, sign and all ('abc%', '%')."""
    if not digits.strip():
        raise NotANumber(msg("data.sign-without-number", value=shown(value)))
    try:
        return to_decimal(digits.lstrip())
    except NotANumber as exc:
        said = exc.text
        if isinstance(said, Message) and any(name == "value" for name, _ in said.args):
            raise NotANumber(msg(said.key, **{**dict(said.args), "value": shown(value)})) from None
        raise


_RATE_SCALES: Final = {"%": HUNDRED, "％": HUNDRED, "‰": Decimal(1000)}


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(-6, 29)}


def round_to(value: Decimal, places: int, mode: str = "half_up") -> Decimal:
    """Round to ``places`` decimals with an explicit mode (四舍五入 by default)."""
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUNDING_MODES[mode], context=CONTEXT)


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: ``2.50`` -> ``2.5``, ``1E+2`` -> ``100``."""
    if value.is_zero():
        return "0"
    text = format(value.normalize(CONTEXT), "f")
    return text


def brief(value: Decimal, places: int = 4) -> str:
    """A number for people: at most ``places`` decimals, no trailing zeros (an effective weight is a
    60-digit fraction after not-applicable rescaling: 12.2222, not 12.22222…2)."""
    return plain(round_to(value, places))


def percent(value: Decimal, places: int | None = None) -> str:
    """A rate shown as a percentage: ``0.8644`` -> ``86.44%``."""
    scaled = CONTEXT.multiply(value, HUNDRED)
    if places is not None:
        scaled = round_to(scaled, places)
        return f"{scaled:f}%"
    return f"{plain(scaled)}%"
