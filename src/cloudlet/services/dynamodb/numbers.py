"""DynamoDB numbers: validation, canonical text and exact arithmetic.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
- Numbers are decimal with up to 38 significant digits.
- Positive range 1E-130 to 9.9999999999999999999999999999999999999E+125, the same
  for negative numbers, and zero.
- Leading and trailing zeroes are trimmed: DynamoDB answers "1.5" for "1.50",
  "100" for "1e2" and "0" for "-0".

LIMITATIONS: the text DynamoDB returns for very large or very small numbers is written
out in full (no exponent), which is what the service does for every number we checked.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache

from cloudlet.services.dynamodb.errors import ValidationException

MAX_DIGITS = 38
MAX_EXPONENT = 125  # largest adjusted exponent: 9.99...E+125
MIN_EXPONENT = -130  # smallest adjusted exponent: 1E-130

OVERFLOW = (
    "Number overflow. Attempting to store a number with magnitude larger than supported range"
)
UNDERFLOW = (
    "Number underflow. Attempting to store a number with magnitude smaller than supported range"
)
TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number"

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Wide enough to add any two valid numbers exactly (126 + 130 digits plus margin).
_EXACT = Context(prec=400, Emax=999_999, Emin=-999_999)
_ZERO = Decimal(0)


def not_numeric(text: object) -> ValidationException:
    return ValidationException(f"The parameter cannot be converted to a numeric value: {text}")


def parse_number(text: str) -> Decimal:
    """Parse and validate a number string as DynamoDB does; return its exact value."""
    if not isinstance(text, str) or _NUMBER.fullmatch(text) is None:
        raise not_numeric(text)
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        raise not_numeric(text) from None
    check_range(value, digits_error=TOO_MANY_DIGITS)
    return value


def check_range(value: Decimal, *, digits_error: str) -> None:
    """Raise DynamoDB's error if ``value`` has too many digits or is out of range."""
    if value.is_zero():
        return
    if significant_digits(value) > MAX_DIGITS:
        raise ValidationException(digits_error)
    adjusted = value.adjusted()
    if adjusted > MAX_EXPONENT:
        raise ValidationException(OVERFLOW)
    if adjusted < MIN_EXPONENT:
        raise ValidationException(UNDERFLOW)


def significant_digits(value: Decimal) -> int:
    """Number of digits between the first and last non-zero digit."""
    if value.is_zero():
        return 0
    digits = "".join(str(d) for d in value.as_tuple().digits).strip("0")
    return len(digits)


def format_number(value: Decimal) -> str:
    """DynamoDB's canonical text: no exponent, no trailing zeroes, "0" for zero."""
    if value.is_zero():
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@lru_cache(maxsize=1 << 14)
def normalize_number(text: str) -> str:
    """Validate ``text`` and return DynamoDB's canonical form of it (remembered: the same
    numbers come back in key after key; a failure is not remembered)."""
    return format_number(parse_number(text))


def number_key(text: str) -> Decimal:
    """A sortable value for a stored (already valid) number string."""
    return Decimal(text)


def _checked(result: Decimal) -> str:
    # DynamoDB reports a result that needs more than 38 digits as an overflow.
    check_range(result, digits_error=OVERFLOW)
    return format_number(result) if not result.is_zero() else "0"


def add_numbers(left: str, right: str) -> str:
    """``left + right`` exactly, as SET a = b + c and ADD compute it."""
    return _checked(_EXACT.add(Decimal(left), Decimal(right)))


def subtract_numbers(left: str, right: str) -> str:
    """``left - right`` exactly, as SET a = b - c computes it."""
    return _checked(_EXACT.subtract(Decimal(left), Decimal(right)))


@lru_cache(maxsize=1 << 14)
def number_size(text: str) -> int:
    """Stored size of a number: about one byte per two significant digits, plus one
    (remembered, as ``normalize_number``).

    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
    """
    value = Decimal(text)
    if value == _ZERO:
        return 1
    digits = significant_digits(value)
    return (digits + 1) // 2 + 1 + (1 if value < 0 else 0)
