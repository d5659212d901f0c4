"""Question files in and out: GIFT (Moodle's text format) and Socialwise's JSON, read into the GIFT data model
(`ParsedQuestion`) with every error on its line, and written back so that import → export → import gives the same
questions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizzes.gift import QTYPES, TEXT_FORMATS, GiftError, ParsedQuestion, parse_gift, write_gift

FORMATS = ("gift", "json")
# The fields a question keeps, in the order JSON files list them.
FIELDS = (
    "qtype",
    "title",
    "text",
    "text_format",
    "general_feedback",
    "data",
    "category",
    "idnumber",
    "tags",
    "has_embedded_answers",
)


@dataclass
class QuestionFile:
    """The questions a file holds and every error found in it (a file with errors is imported not at all)."""

    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)


def normalise_category(path: str) -> str:
    """A category path as GIFT's `$CATEGORY:` gives it: levels split on "/", each trimmed."""
    return "/".join(level.strip() for level in path.strip().split("/")) if path.strip() else ""


def read_question_file(*, content: bytes, file_format: str, default_category: str = "") -> QuestionFile:
    """Read a question file's bytes. Questions the file puts in no category go to `default_category`."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        message = f"file is not UTF-8 text: byte 0x{content[exc.start]:02x} on line {line} cannot be decoded"
        return QuestionFile(errors=[GiftError(1, message)])
    if "\x00" in text:
        # PostgreSQL cannot store a NUL character in text: refuse the file with the lines, before anything is written.
        lines = sorted({number for number, line in enumerate(text.split("\n"), start=1) if "\x00" in line})
        message = "contains a NUL character (byte 0x00), which cannot be stored: remove it"
        return QuestionFile(errors=[GiftError(number, message) for number in lines[:20]])
    if file_format == "gift":
        result = parse_gift(text)
        found = QuestionFile(questions=result.questions, errors=result.errors)
    elif file_format == "json":
        found = _read_json(text)
    else:
        raise ValueError(f"unknown question file format {file_format!r}")
    default = normalise_category(default_category)
    if default:
        found.questions = [replace(q, category=default) if not q.category else q for q in found.questions]
    found.errors.sort(key=lambda error: error.line)
    return found


def read_question_path(path: str | Path, *, file_format: str, default_category: str = "") -> QuestionFile:
    return read_question_file(
        content=Path(path).read_bytes(), file_format=file_format, default_category=default_category
    )


def write_questions(*, questions: Iterable[ParsedQuestion], file_format: str, bank_name: str) -> str:
    """GIFT or JSON text for `questions`, grouped by category with the top level first."""
    ordered = sorted(questions, key=lambda question: question.category)
    if file_format == "gift":
        return write_gift(ordered)
    if file_format == "json":
        rows = [json.dumps({name: getattr(q, name) for name in FIELDS}, ensure_ascii=False) for q in ordered]
        head = json.dumps({"bank": bank_name}, ensure_ascii=False)[:-1]
        return head + ', "questions": [\n' + ",\n".join(rows) + ("\n" if rows else "") + "]}\n"
    raise ValueError(f"unknown question file format {file_format!r}")


# --- JSON ------------------------------------------------------------------------------------------------------------


def _read_json(text: str) -> QuestionFile:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return QuestionFile(errors=[GiftError(exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})")])
    if not isinstance(document, dict) or not isinstance(document.get("questions"), list):
        return QuestionFile(errors=[GiftError(1, 'a JSON question file is an object with a "questions" list')])
    lines = _question_lines(text)
    found = QuestionFile()
    for number, (item, line) in enumerate(zip(document["questions"], lines, strict=True), start=1):
        question, message = _json_question(item, line)
        if message:
            found.errors.append(GiftError(line, f"question {number}: {message}"))
        else:
            found.questions.append(question)
    return found


def _json_question(item: object, line: int) -> tuple[ParsedQuestion | None, str]:
    """One question from JSON, checked by writing it as GIFT and reading it back: a question is valid when GIFT can
    carry it unchanged, so JSON accepts exactly what the GIFT importer accepts."""
    if not isinstance(item, dict):
        return None, "is not an object"
    missing = [name for name in ("qtype", "text") if name not in item]
    if missing:
        return None, f'has no "{missing[0]}"'
    unknown = sorted(set(item) - set(FIELDS))
    if unknown:
        return None, f'has an unknown field "{unknown[0]}"'
    values = {
        "title": "",
        "text_format": "moodle",
        "general_feedback": "",
        "data": {},
        "category": "",
        "idnumber": "",
        "tags": [],
        "has_embedded_answers": False,
        **item,
    }
    for name in ("qtype", "title", "text", "text_format", "general_feedback", "category", "idnumber"):
        if not isinstance(values[name], str):
            return None, f'"{name}" must be text'
    if values["qtype"] not in QTYPES:
        return None, f"unknown question type {values['qtype']!r}"
    if values["text_format"] not in TEXT_FORMATS:
        return None, f"unknown text format {values['text_format']!r}"
    if not isinstance(values["data"], dict):
        return None, '"data" must be an object'
    if not isinstance(values["tags"], list) or not all(isinstance(tag, str) for tag in values["tags"]):
        return None, '"tags" must be a list of texts'
    if not isinstance(values["has_embedded_answers"], bool):
        return None, '"has_embedded_answers" must be true or false'
    question = ParsedQuestion(**values, line=line)
    try:
        written = write_gift([replace(question, category="")])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        return None, f"its answers do not fit a {question.qtype} question ({exc})"
    again = parse_gift(written)
    if again.errors:
        return None, again.errors[0].message
    compared = [name for name in FIELDS if name != "category"]
    if len(again.questions) != 1 or any(
        getattr(again.questions[0], name) != getattr(question, name) for name in compared
    ):
        return None, f"its answers do not fit a {question.qtype} question"
    return question, ""


def _question_lines(text: str) -> list[int]:
    """The line on which each item of the top-level "questions" list starts (the text is known to be valid JSON)."""
    decoder = json.JSONDecoder()

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    i = skip(0) + 1  # past "{"
    while True:
        i = skip(i)
        if text[i] == "}":
            return []
        key, i = decoder.raw_decode(text, i)
        i = skip(skip(i) + 1)  # past ":"
        if key == "questions":
            lines: list[int] = []
            i = skip(i + 1)  # past "["
            while text[i] != "]":
                lines.append(text.count("\n", 0, i) + 1)
                _value, i = decoder.raw_decode(text, i)
                i = skip(i)
                if text[i] == ",":
                    i = skip(i + 1)
            return lines
        _value, i = decoder.raw_decode(text, i)
        i = skip(i)
        if text[i] == ",":
            i += 1
