"""Moodle GIFT import and export: `parse_gift` / `parse_gift_file` read questions, `write_gift` writes them back.

Pure Python with no Django dependency; the data model is documented in `quizzes.gift.parser`.
"""

from .parser import (
    QTYPES,
    TEXT_FORMATS,
    GiftError,
    GiftParseResult,
    ParsedQuestion,
    parse_gift,
    parse_gift_file,
)
from .writer import write_gift

__all__ = [
    "QTYPES",
    "TEXT_FORMATS",
    "GiftError",
    "GiftParseResult",
    "ParsedQuestion",
    "parse_gift",
    "parse_gift_file",
    "write_gift",
]
