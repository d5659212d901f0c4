"""Parser for Moodle's GIFT question format.

Behaviour follows Moodle's importer (`question/format/gift/format.php`):

* Questions are separated by blank lines; lines starting with `//` are comments. `// [id:...]` and `// [tag:...]` in
  a question's comments give its ID number and tags (`\\]` escapes a `]` inside them).
* `$CATEGORY: a/b` on the first line of a block sets the category of the questions that follow.
* `::title::` names a question; a leading `[html]`, `[markdown]`, `[plain]` or `[moodle]` sets the text format of a
  question text, an answer, a feedback or the general feedback. Answers and feedback default to the question's format.
* The answer block is the first `{...}`; text after it makes a missing-word question whose text holds `_____` where
  the block was. The question type is decided from the block in Moodle's order: `#` numerical, any `~` multiple
  choice, `=` with `->` matching, `T`/`TRUE`/`F`/`FALSE` true/false, anything else short answer.
* Escapes `\\~ \\= \\# \\{ \\} \\: \\\\ \\n` are resolved in every text. Line breaks and indentation inside a question
  are kept, as Moodle keeps them.

Where Moodle silently accepts a probable mistake, this parser reports an error instead (unknown `[format]`, bad or
out-of-range weights, a second answer block, a choice question without a right answer, weights of a multiple-answer
question that do not add up to 100%, ...). `parse_gift` never raises on bad input: every problem becomes a
`GiftError`, and a question with an error is left out of `questions`.

`ParsedQuestion.data` holds the answers of each type (see `ParsedQuestion`). When an answer, feedback, matching item
or the general feedback carries its own format marker that differs from the question's `text_format`, the format is
kept in an extra optional key next to that text: `text_format` and `feedback_format` on choices and answers,
`question_format` on matching pairs, `feedback_wrong_format` / `feedback_right_format` for true/false and
`general_feedback_format` in `data` itself. These keys are absent in the usual case where everything shares the
question's format.
"""

from __future__ import annotations

import bisect
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = [
    "QTYPES",
    "TEXT_FORMATS",
    "GiftError",
    "GiftParseResult",
    "ParsedQuestion",
    "parse_gift",
    "parse_gift_file",
]

QTYPES = ("multichoice", "multiresponse", "truefalse", "shortanswer", "numerical", "matching", "essay", "description")
TEXT_FORMATS = ("moodle", "html", "markdown", "plain")
TRUEFALSE_ANSWERS = {"T": True, "TRUE": True, "F": False, "FALSE": False}
BLANK = "_____"

# Whitespace as PHP's trim() sees it: a non-breaking space is content, not padding.
WS = " \t\n\r\x0b\x0c\x00"

# Escaped control characters become Unicode noncharacters while a question is analysed, so that the structure can
# be found with plain string searches; `_restore` turns them back into the characters they stand for.
_ESCAPES = {"\\": "\ufdd0", ":": "\ufdd1", "#": "\ufdd2", "=": "\ufdd3", "{": "\ufdd4", "}": "\ufdd5", "~": "\ufdd6"}
_NEWLINE_MARK = "\ufdd7"
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
# Those noncharacters are not for interchange: any in the input become U+FFFD so they cannot pose as escapes.
_NONCHARACTERS = dict.fromkeys(range(0xFDD0, 0xFDD8), "\ufffd")
_RESTORE = str.maketrans({mark: char for char, mark in _ESCAPES.items()} | {_NEWLINE_MARK: "\n"})

_FORMAT_MARKER_RE = re.compile(r"\[([a-z]{2,})\]")
_NUMBER_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_CATEGORY_PREFIX = "$CATEGORY:"
_ANSWER_KEY_ORDER = ["text", "fraction", "feedback", "text_format", "feedback_format"]


@dataclass(frozen=True)
class GiftError:
    """A problem in a GIFT file: `line` is the 1-based line of the offending question or construct."""

    line: int
    message: str


@dataclass
class ParsedQuestion:
    """One question read from GIFT.

    `data` per `qtype` (fractions are floats in -1..1; `=` alone means 1.0, `~` alone 0.0):

    * multichoice / multiresponse: `{"choices": [{"text", "fraction", "feedback"}, ...]}`
    * truefalse: `{"answer": bool, "feedback_wrong": str, "feedback_right": str}`
    * shortanswer: `{"answers": [{"text", "fraction", "feedback"}, ...]}`
    * numerical: `{"answers": [{"kind", "value", "tolerance", "low", "high", "fraction", "feedback"}, ...]}` with kind
      `exact`, `tolerance`, `range` or `any` (the `~#feedback` catch-all); unused numbers are None.
    * matching: `{"pairs": [{"question", "answer"}, ...]}`; a pair whose question is "" is an extra wrong answer.
    * essay / description: `{}`

    plus the optional `*_format` keys described in the module docstring.
    """

    qtype: str
    title: str
    text: str
    text_format: str
    general_feedback: str
    data: dict
    category: str
    idnumber: str
    tags: list[str]
    has_embedded_answers: bool
    line: int


@dataclass
class GiftParseResult:
    """The questions that parsed cleanly, the distinct category paths in file order, and every error found."""

    questions: list[ParsedQuestion] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)


def parse_gift(text: str) -> GiftParseResult:
    """Parse GIFT source text. Accepts a UTF-8 BOM and LF, CRLF or CR line ends; never raises on bad input."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.translate(_NONCHARACTERS)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result = GiftParseResult()
    category = ""
    for block in _blocks(text.split("\n")):
        comments = [line for _, line in block if _is_comment(line)]
        content = [(number, line) for number, line in block if not _is_comment(line)]
        if content and content[0][1].lstrip(WS).startswith(_CATEGORY_PREFIX):
            number, line = content.pop(0)
            path = _normalise_category(line.lstrip(WS)[len(_CATEGORY_PREFIX) :])
            if path:
                category = path
                if path not in result.categories:
                    result.categories.append(path)
            else:
                result.errors.append(GiftError(number, "category path is empty"))
        if content:
            _QuestionReader(content, comments, category, result).read()
    return result


def parse_gift_file(path: str | os.PathLike[str]) -> GiftParseResult:
    """Read and parse a GIFT file. It must be UTF-8 (a BOM is allowed); otherwise the result is one error on line 1."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"file is not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {line} cannot be decoded"
        return GiftParseResult(errors=[GiftError(1, message)])
    return parse_gift(text)


def _is_comment(line: str) -> bool:
    return line.lstrip(WS).startswith("//")


def _blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Group lines (numbered from 1) into blank-line separated blocks."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip(WS):
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _normalise_category(path: str) -> str:
    return "/".join(segment.strip(WS) for segment in path.strip(WS).split("/"))


def _protect(line: str) -> str:
    """Replace the escape sequences of one line by their placeholders."""

    def mark(match: re.Match[str]) -> str:
        char = match.group(1)
        return _NEWLINE_MARK if char == "n" else _ESCAPES[char]

    return _ESCAPE_RE.sub(mark, line)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def format_number(number: float) -> str:
    """Shortest text for a number: 50.0 -> '50', 33.33333 -> '33.33333'."""
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _parse_float(text: str) -> float | None:
    """A finite decimal number (optional sign and exponent), or None."""
    text = text.strip(WS)
    if not _NUMBER_RE.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _comment_id_and_tags(comments: list[str]) -> tuple[str, list[str]]:
    joined = "\n".join(comments)
    match = _ID_RE.search(joined)
    idnumber = match.group(1).strip().replace("\\]", "]") if match else ""
    tags = [tag.strip().replace("\\]", "]") for tag in _TAG_RE.findall(joined)]
    return idnumber, [tag for tag in tags if tag]


@dataclass
class _Part:
    """One answer of an answer block: its marker (`=`, `~` or "" before any marker), raw text and offset."""

    marker: str
    raw: str
    offset: int


class _QuestionReader:
    """Reads the non-comment lines of one block into a ParsedQuestion, reporting problems into the result."""

    def __init__(
        self, content: list[tuple[int, str]], comments: list[str], category: str, result: GiftParseResult
    ) -> None:
        self.text = "\n".join(_protect(line) for _, line in content)
        self.numbers = [number for number, _ in content]
        self.starts: list[int] = []
        offset = 0
        for _, line in content:
            self.starts.append(offset)
            offset += len(_protect(line)) + 1
        self.comments = comments
        self.category = category
        self.result = result
        self.errors: list[GiftError] = []
        self.text_format = "moodle"

    # -- helpers ------------------------------------------------------------------------------------------------

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[max(index, 0)]

    def error(self, offset: int, message: str) -> None:
        self.errors.append(GiftError(self.line_at(offset), message))

    def formatted(self, raw: str, offset: int, default: str) -> tuple[str, str]:
        """Split an optional leading `[format]` from raw text; return (text with escapes resolved, format)."""
        stripped = raw.strip(WS)
        text_format = default
        match = _FORMAT_MARKER_RE.match(stripped)
        if match:
            name = match.group(1)
            if name in TEXT_FORMATS:
                text_format = name
                stripped = stripped[match.end() :]
            elif not stripped.startswith("(", match.end()):  # "[link](url)" is a Markdown link, not a format
                self.error(offset + len(raw) - len(raw.lstrip(WS)), f"unknown format [{name}]")
        return _restore(stripped).strip(WS), text_format

    def with_format(self, item: dict, key: str, raw: str, offset: int) -> None:
        """Store the resolved text of `raw` under `key` and, when it differs from the question's, its format."""
        text, text_format = self.formatted(raw, offset, self.text_format)
        item[key] = text
        if text and text_format != self.text_format:
            item[f"{key}_format"] = text_format

    def split_parts(self, answers: str, offset: int, markers: str) -> list[_Part]:
        """Cut an answer block at each unescaped marker character; a blank leading piece is dropped."""
        parts: list[_Part] = []
        marker, start = "", 0
        for index, char in enumerate(answers):
            if char in markers:
                parts.append(_Part(marker, answers[start:index], offset + start))
                marker, start = char, index + 1
        parts.append(_Part(marker, answers[start:], offset + start))
        if not parts[0].raw.strip(WS):
            parts.pop(0)
        return parts

    def part_line_offset(self, part: _Part) -> int:
        """Offset used to report a part: its marker, or its first character when it has none."""
        if part.marker:
            return part.offset - 1
        return part.offset + len(part.raw) - len(part.raw.lstrip(WS))

    def weight(self, part: _Part, default: float, lowest: int) -> tuple[float, str, int]:
        """Read an optional `%n%` weight; return (fraction, rest of the part, offset of the rest)."""
        raw = part.raw
        lead = len(raw) - len(raw.lstrip(WS))
        if not raw[lead:].startswith("%"):
            return default, raw, part.offset
        line_end = raw.find("\n", lead)
        end = raw.find("%", lead + 1, len(raw) if line_end == -1 else line_end)
        where = self.part_line_offset(part)
        if end == -1:
            shown = _restore(raw[lead:].split()[0])
            self.error(where, f"weight '{shown}' has no closing '%'")
            return default, raw, part.offset
        inner = _restore(raw[lead + 1 : end]).strip()
        rest, rest_offset = raw[end + 1 :], part.offset + end + 1
        number = _parse_float(inner)
        if number is None:
            self.error(where, f"weight '%{inner}%' is not a number")
            return default, rest, rest_offset
        if not lowest <= number <= 100:
            self.error(where, f"weight {format_number(number)}% is out of range {lowest}..100")
            return default, rest, rest_offset
        return round(number / 100, 7), rest, rest_offset

    # -- the question -------------------------------------------------------------------------------------------

    def read(self) -> None:
        text = self.text.rstrip(WS)
        start = len(text) - len(text.lstrip(WS))
        first_line = self.line_at(start)
        title = ""
        if text.startswith("::", start):
            end = text.find("::", start + 2)
            if end == -1:
                self.error(start, "unclosed title '::'")
                return self.finish(None)
            title = _restore(text[start + 2 : end]).strip(WS)
            start = end + 2

        opening = text.find("{", start)
        closing = text.find("}", start)
        if opening == -1 and closing == -1:
            return self.finish(self.build(first_line, title, text[start:], start, None))
        if opening == -1 or (closing != -1 and closing < opening):
            self.error(closing, "'}' without an opening '{'")
            return self.finish(None)
        if closing == -1:
            self.error(opening, "unclosed answer block '{'")
            return self.finish(None)
        nested = text.find("{", opening + 1, closing)
        if nested != -1:
            self.error(nested, "'{' inside an answer block (write \\{ for a literal brace)")
            return self.finish(None)
        after = text[closing + 1 :]
        for char, message in (("{", "question has more than one answer block"), ("}", "'}' without an opening '{'")):
            if char in after:
                self.error(closing + 1 + after.index(char), message)
                return self.finish(None)

        embedded = bool(_restore(after).strip(WS))
        question_text = text[start:opening] + (BLANK + after if embedded else "")
        block = (text[opening + 1 : closing], opening + 1)
        return self.finish(self.build(first_line, title, question_text, start, block, embedded))

    def finish(self, question: ParsedQuestion | None) -> None:
        self.result.errors.extend(self.errors)
        if question is not None and not self.errors:
            self.result.questions.append(question)

    def build(
        self,
        line: int,
        title: str,
        question_raw: str,
        question_offset: int,
        block: tuple[str, int] | None,
        embedded: bool = False,
    ) -> ParsedQuestion | None:
        text, self.text_format = self.formatted(question_raw, question_offset, "moodle")
        if not text:
            self.error(question_offset, "question has an empty text")
        data: dict = {}
        general_feedback = ""
        if block is None:
            qtype = "description"
        else:
            answers, offset = block
            split = answers.rfind("####")
            if split != -1:
                feedback_holder: dict = {}
                self.with_format(feedback_holder, "general_feedback", answers[split + 4 :], offset + split + 4)
                general_feedback = feedback_holder.pop("general_feedback")
                data.update(feedback_holder)
                answers = answers[:split]
            qtype = self.read_answers(answers, offset, data)
        if qtype is None:
            return None
        idnumber, tags = _comment_id_and_tags(self.comments)
        return ParsedQuestion(
            qtype=qtype,
            title=title,
            text=text,
            text_format=self.text_format,
            general_feedback=general_feedback,
            data=data,
            category=self.category,
            idnumber=idnumber,
            tags=tags,
            has_embedded_answers=embedded,
            line=line,
        )

    def read_answers(self, answers: str, offset: int, data: dict) -> str | None:
        """Decide the question type from the answer block (Moodle's order) and fill `data`; None on a fatal error."""
        lead = len(answers) - len(answers.lstrip(WS))
        stripped = answers.strip(WS)
        if not stripped:
            return "essay"
        if stripped.startswith("#"):
            return self.read_numerical(answers[lead + 1 :], offset + lead + 1, data)
        if "~" in stripped:
            return self.read_choices(answers, offset, data)
        if "=" in stripped and "->" in stripped:
            return self.read_matching(answers, offset, data)
        token = stripped.split("#", 1)[0].strip(WS)
        if token in TRUEFALSE_ANSWERS:
            return self.read_truefalse(answers, offset, data)
        if "=" not in stripped and (token.upper() in TRUEFALSE_ANSWERS or stripped.count("#") >= 2):
            shown = _restore(token)
            self.error(offset + lead, f"true/false answer must be T, TRUE, F or FALSE, not '{shown}'")
            return None
        return self.read_shortanswer(answers, offset, data)

    def read_choices(self, answers: str, offset: int, data: dict) -> str | None:
        choices = []
        for number, part in enumerate(self.split_parts(answers, offset, "~="), start=1):
            fraction, rest, rest_offset = self.weight(part, 1.0 if part.marker == "=" else 0.0, -100)
            choices.append(self.answer_with_feedback(number, part, fraction, rest, rest_offset))
        data["choices"] = choices
        where = offset + len(answers) - len(answers.lstrip(WS))
        if len(choices) < 2:
            self.error(where, "multiple choice question needs at least 2 choices")
        if "=" in answers:
            if choices and max(choice["fraction"] for choice in choices) != 1.0:
                self.error(where, "multiple choice question has no right answer")
            return "multichoice"
        positive = sum(choice["fraction"] for choice in choices if choice["fraction"] > 0)
        if positive == 0:
            self.error(where, "multiple choice question has no right answer")
        elif round(positive, 2) != 1.0:
            total = format_number(round(positive * 100, 5))
            self.error(where, f"weights of the right choices add up to {total}%, not 100%")
        return "multiresponse"

    def answer_with_feedback(self, number: int, part: _Part, fraction: float, rest: str, rest_offset: int) -> dict:
        """Build a `{"text", "fraction", "feedback"}` answer from the text after its weight."""
        text_raw, separator, feedback_raw = rest.partition("#")
        answer: dict = {}
        self.with_format(answer, "text", text_raw, rest_offset)
        answer["fraction"] = fraction
        self.with_format(answer, "feedback", feedback_raw, rest_offset + len(text_raw) + len(separator))
        if not answer["text"]:
            self.error(self.part_line_offset(part), f"answer {number} has an empty text")
        # Keep the documented key order: text, fraction, feedback, then optional formats.
        return {key: answer[key] for key in sorted(answer, key=_ANSWER_KEY_ORDER.index)}

    def read_shortanswer(self, answers: str, offset: int, data: dict) -> str:
        items = []
        for number, part in enumerate(self.split_parts(answers, offset, "="), start=1):
            fraction, rest, rest_offset = self.weight(part, 1.0, 0)
            items.append(self.answer_with_feedback(number, part, fraction, rest, rest_offset))
        data["answers"] = items
        if items and max(item["fraction"] for item in items) != 1.0:
            self.error(offset + len(answers) - len(answers.lstrip(WS)), "short answer question has no right answer")
        return "shortanswer"

    def read_truefalse(self, answers: str, offset: int, data: dict) -> str:
        token_raw, _, feedbacks = answers.partition("#")
        wrong_raw, _, right_raw = feedbacks.partition("#")
        data["answer"] = TRUEFALSE_ANSWERS[token_raw.strip(WS)]
        feedback_offset = offset + len(token_raw) + 1
        self.with_format(data, "feedback_wrong", wrong_raw, feedback_offset)
        self.with_format(data, "feedback_right", right_raw, feedback_offset + len(wrong_raw) + 1)
        # The two feedbacks come first in `data`, their optional formats after them.
        for key in ("feedback_wrong_format", "feedback_right_format", "general_feedback_format"):
            if key in data:
                data[key] = data.pop(key)
        return "truefalse"

    def read_matching(self, answers: str, offset: int, data: dict) -> str:
        pairs = []
        for part in self.split_parts(answers, offset, "="):
            arrow = part.raw.find("->")
            where = self.part_line_offset(part)
            if arrow == -1:
                self.error(where, f"matching pair '{_restore(part.raw).strip(WS)}' has no '->'")
                continue
            pair: dict = {}
            self.with_format(pair, "question", part.raw[:arrow], part.offset)
            answer = _restore(part.raw[arrow + 2 :]).strip(WS)
            if not answer:
                self.error(where, f"matching pair '{pair['question']}' has an empty answer")
            pairs.append({"question": pair["question"], "answer": answer, **pair})
        data["pairs"] = pairs
        if sum(1 for pair in pairs if pair["question"]) < 2:
            self.error(offset + len(answers) - len(answers.lstrip(WS)), "matching question needs at least 2 pairs")
        return "matching"

    def read_numerical(self, answers: str, offset: int, data: dict) -> str:
        items: list[dict] = []
        parts = self.split_parts(answers, offset, "=~")
        for index, part in enumerate(parts):
            where = self.part_line_offset(part)
            if part.marker == "~":
                before, separator, feedback_raw = part.raw.partition("#")
                if before.strip(WS):
                    self.error(where, "a numerical '~' answer only gives feedback for any other answer: '~#feedback'")
                    continue
                if index != len(parts) - 1:
                    self.error(where, "'~#feedback' must be the last answer of a numerical question")
                item: dict = {"kind": "any", "value": None, "tolerance": None, "low": None, "high": None}
                item["fraction"] = 0.0
                self.with_format(item, "feedback", feedback_raw, part.offset + len(before) + len(separator))
                items.append(item)
                continue
            fraction, rest, rest_offset = self.weight(part, 1.0, 0)
            number_raw, separator, feedback_raw = rest.partition("#")
            item = self.numerical_answer(_restore(number_raw).strip(WS), where)
            item["fraction"] = fraction
            self.with_format(item, "feedback", feedback_raw, rest_offset + len(number_raw) + len(separator))
            items.append(item)
        data["answers"] = items
        where = offset - 1
        if not items:
            self.error(where, "numerical question has no answers")
        elif max(item["fraction"] for item in items) != 1.0:
            self.error(where, "numerical question has no right answer")
        return "numerical"

    def numerical_answer(self, text: str, where: int) -> dict:
        """Read `value`, `value:tolerance` or `low..high` (Moodle checks `..` first)."""
        item: dict = {"kind": "exact", "value": None, "tolerance": None, "low": None, "high": None}
        if text.find("..") > 0:
            low_text, high_text = (piece.strip(WS) for piece in text.split("..", 1))
            low, high = self.number(low_text, where), self.number(high_text, where)
            if low is not None and high is not None and low > high:
                self.error(where, f"numerical range {low_text}..{high_text} has its low end above its high end")
            item.update(kind="range", low=low, high=high)
        elif text.find(":") > 0:
            value_text, tolerance_text = (piece.strip(WS) for piece in text.split(":", 1))
            tolerance = _parse_float(tolerance_text)
            if tolerance is None:
                self.error(where, f"numerical tolerance '{tolerance_text}' is not a number")
            elif tolerance < 0:
                self.error(where, f"numerical tolerance {tolerance_text} is negative")
            item.update(kind="tolerance", value=self.number(value_text, where), tolerance=tolerance)
        else:
            item["value"] = self.number(text, where)
        return item

    def number(self, text: str, where: int) -> float | None:
        value = _parse_float(text)
        if value is None:
            self.error(where, f"numerical answer '{text}' is not a number")
        return value
