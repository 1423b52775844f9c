"""Cells as offices write them -> the values the command models take.

Applied per column before the command model validates the row, by the field's type:

* **dates**: ``2025-09-08``, ``2025/9/8``, ``2025.9.8``, ``2025年9月8日``, ``20250908``,
  an Excel serial number (``45908``; days since 1899-12-30) and the date cells of an
  ``.xlsx`` sheet (with or without a time of day);
* **enum values**: the value itself in any case (``Post``, ``post``), its English label
  (``Post internship``) or its Chinese words (``岗位实习``, ``顶岗实习``; see
  :data:`SYNONYMS`);
* **yes/no**: ``true``/``false``, ``1``/``0``, ``yes``/``no``, ``y``/``n``, ``是``/``否``,
  ``√``/``×``, and the boolean cells of a sheet;
* **numbers** a sheet stores as floats: ``8.0`` -> ``8``, so ``20230415.0`` stays the
  student number ``20230415`` in a text column.

A value that cannot be read raises ``ValueError`` with the reason the error line shows.
"""

from __future__ import annotations

import re
import types
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from gtt_domain.imports.synonyms import SYNONYMS

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
#: serials of 1950-01-01 .. 2100-12-31: a bare number outside is not taken for a date
SERIALS = range(18264, 73415)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
YES = {"true", "1", "yes", "y", "是", "√", "✓", "t"}
NO = {"false", "0", "no", "n", "否", "×", "✗", "f"}


def _strip(ann: Any) -> Any:
    while get_origin(ann) is Annotated:
        ann = get_args(ann)[0]
    if get_origin(ann) in (Union, types.UnionType):
        args = [a for a in get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return _strip(args[0])
    return ann


def as_date(value: Any) -> date:
    """A date as an office writes it (see the module's doc)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, str(value))
    text = str(value).strip()
    m = _DATE.fullmatch(text) or _COMPACT.fullmatch(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as e:
            raise ValueError(f"is not a date: {e}") from None
    if _SERIAL.fullmatch(text):
        return _serial(float(text), text)
    raise ValueError("is not a date (write 2025-09-08, 2025/9/8 or 2025年9月8日)")


def _serial(number: float, text: str) -> date:
    if number != int(number) or int(number) not in SERIALS:
        raise ValueError("is not a date (an Excel date number is a whole number of days, 1950..2100)")
    return EXCEL_EPOCH + timedelta(days=int(number))


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError("is not yes or no (write 是/否, yes/no or 1/0)")


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def enum_words(values: list[str]) -> dict[str, str]:
    """Every accepted spelling (normalised) -> value, for one enum's ``values``."""
    out: dict[str, str] = {}
    for v in values:
        out[_key(v)] = v
        for word in SYNONYMS.get(v, ()):
            out.setdefault(_key(word), v)
    return out


def as_choice(value: Any, values: list[str]) -> str:
    words = enum_words(values)
    found = words.get(_key(str(value)))
    if found is None:
        allowed = ", ".join(f"{v} ({SYNONYMS[v][1]})" if len(SYNONYMS.get(v, ())) > 1 else v for v in values)
        raise ValueError(f"is not one of: {allowed}")
    return found


#: Excel keeps 15 significant digits: an 18-digit ID number typed as a number is already wrong
EXCEL_DIGITS = 10**15


def as_text(value: Any) -> Any:
    """A sheet's number in a text column: ``20230415.0`` -> ``20230415``. A number of 16
    digits or more was rounded by Excel (an ID number typed as a number): refused."""
    if isinstance(value, float) and abs(value) >= EXCEL_DIGITS:
        raise ValueError("is a number Excel rounded to 15 digits; format the column as text and type it again")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def choices_of(ann: Any) -> list[str] | None:
    ann = _strip(ann)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return [str(m.value) for m in ann]
    if get_origin(ann) is Literal:
        return [str(a) for a in get_args(ann)]
    return None


def coerce(annotation: Any, value: Any) -> Any:
    """``value`` read for a field of ``annotation`` (lists: each item)."""
    ann = _strip(annotation)
    if get_origin(ann) is list and isinstance(value, list):
        (item,) = get_args(ann) or (Any,)
        return [coerce(item, v) for v in value]
    if ann is date:
        return as_date(value)
    if ann is bool:
        return as_bool(value)
    options = choices_of(ann)
    if options is not None:
        return as_choice(value, options)
    if ann is str:
        return as_text(value)
    if isinstance(value, float):  # a sheet's number: 8.0 hours, 1800.55 yuan (not 1800.5499…)
        return int(value) if value.is_integer() else repr(value)
    return value


__all__ = ["SYNONYMS", "as_bool", "as_choice", "as_date", "as_text", "coerce", "enum_words"]
