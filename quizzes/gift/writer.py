"""Writer for Moodle's GIFT question format.

`write_gift` turns `ParsedQuestion`s back into GIFT that `parse_gift` reads into equal questions (every field but
`line`), and that Moodle's importer accepts: control characters are escaped, a format marker is written whenever a
text's format differs from its default (or the text could be misread without one), `$CATEGORY:` is written when the
category changes, and ID numbers and tags go into `// [id:...]` / `// [tag:...]` comment lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .parser import BLANK, WS, ParsedQuestion, format_number

__all__ = ["write_gift"]

_SPECIAL = str.maketrans({char: "\\" + char for char in "\\~=#{}:"})
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def write_gift(questions: Iterable[ParsedQuestion]) -> str:
    """Write questions as GIFT, one blank-line separated block each.

    Raises ValueError for a question GIFT cannot express: a category that is empty after a non-empty one, an ID
    number or tag with control characters, a matching item whose text contains `->`, or a short answer question
    with several answers of which one contains `->` (Moodle would read it as a matching question).
    """
    blocks: list[str] = []
    category = ""
    for question in questions:
        if question.category != category:
            if not question.category.strip(WS) or "\n" in question.category:
                raise ValueError(f"cannot write category {question.category!r} after category {category!r}")
            blocks.append(f"$CATEGORY: {question.category}")
            category = question.category
        blocks.append(_write_question(question))
    out = "\n\n".join(blocks) + "\n" if blocks else ""
    # A reader drops one leading byte order mark: keep a text that starts with U+FEFF intact.
    return "\ufeff" + out if out.startswith("\ufeff") else out


def _escape(text: str) -> str:
    """Escape GIFT control characters and keep each line break safe.

    A line break stays a real one unless the next line would be blank or start with `//` (which would end the
    question or be read as a comment); those are written as the `\\n` escape.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPECIAL).split("\n")
    out = lines[0]
    for line in lines[1:]:
        risky = not line.strip(WS) or line.lstrip(WS).startswith("//")
        out += ("\\n" if risky else "\n") + line
    return out


def _text(text: str, text_format: str, default: str, *, at_line_start: bool = False) -> str:
    """Escape a text, prefixed with `[format]` when its format is not `default` or it could be misread without."""
    needs_marker = text_format != default or text.startswith(("[", "%"))
    if at_line_start and text.lstrip(WS).startswith(("//", "$CATEGORY:")):
        needs_marker = True
    return (f"[{text_format}]" if needs_marker else "") + _escape(text)


def _id_token(kind: str, value: str) -> str:
    if _CONTROL_RE.search(value) or value.endswith("\\"):
        raise ValueError(f"cannot write {kind} {value!r} in a GIFT comment")
    return f"[{kind}:{value.replace(']', chr(92) + ']')}]"


def _weight(fraction: float) -> str:
    return f"%{format_number(round(fraction * 100, 5))}%"


def _write_question(question: ParsedQuestion) -> str:
    lines = []
    if question.idnumber:
        lines.append(f"// {_id_token('id', question.idnumber)}")
    if question.tags:
        lines.append("// " + " ".join(_id_token("tag", tag) for tag in question.tags))
    head = f"::{_escape(question.title)}::" if question.title else ""
    text = question.text
    if question.qtype == "description":
        lines.append(head + _text(text, question.text_format, "moodle", at_line_start=not head))
        return "\n".join(lines)

    block = _answer_block(question)
    if question.has_embedded_answers and BLANK in text:
        before, after = text.split(BLANK, 1)
        if before:
            lead = _text(before, question.text_format, "moodle", at_line_start=not head)
        else:  # The block opens the text: only a format marker may come before it.
            lead = f"[{question.text_format}]" if question.text_format != "moodle" else ""
        body = lead + block + _escape(after)
    else:
        body = _text(text, question.text_format, "moodle", at_line_start=not head) + " " + block
    lines.append(head + body)
    return "\n".join(lines)


def _general_feedback(question: ParsedQuestion, indent: str) -> str:
    if not question.general_feedback:
        return ""
    gf_format = question.data.get("general_feedback_format", question.text_format)
    return f"{indent}####{_text(question.general_feedback, gf_format, question.text_format)}"


def _answer_block(question: ParsedQuestion) -> str:
    data, fmt = question.data, question.text_format
    qtype = question.qtype
    if qtype == "essay":
        return "{" + _general_feedback(question, "") + "}"
    if qtype == "truefalse":
        out = "TRUE" if data["answer"] else "FALSE"
        wrong, right = data.get("feedback_wrong", ""), data.get("feedback_right", "")
        if wrong or right:
            out += "#" + (_text(wrong, data.get("feedback_wrong_format", fmt), fmt) if wrong else "")
        if right:
            out += "#" + _text(right, data.get("feedback_right_format", fmt), fmt)
        return "{" + out + _general_feedback(question, "") + "}"

    rows: list[str]
    if qtype in ("multichoice", "multiresponse"):
        rows = _choice_rows(data["choices"], fmt, qtype == "multichoice")
        prefix = ""
    elif qtype == "shortanswer":
        rows = _shortanswer_rows(data["answers"], fmt)
        prefix = ""
    elif qtype == "numerical":
        rows = [_numerical_row(answer, fmt) for answer in data["answers"]]
        prefix = "#"
    elif qtype == "matching":
        rows = [_matching_row(pair, fmt) for pair in data["pairs"]]
        prefix = ""
    else:
        raise ValueError(f"cannot write question type {qtype!r}")
    if len(rows) == 1 and not rows[0].startswith(("=", "~")):
        # A lone short answer without "=" (see _shortanswer_rows) stays on the brace line.
        return "{" + rows[0] + _general_feedback(question, "") + "}"
    body = "".join(f"\t{row}\n" for row in rows)
    general_feedback = _general_feedback(question, "\t")
    return "{" + prefix + "\n" + body + (general_feedback + "\n" if general_feedback else "") + "}"


def _with_feedback(answer: dict, fmt: str) -> str:
    feedback = answer.get("feedback", "")
    if not feedback:
        return ""
    return "#" + _text(feedback, answer.get("feedback_format", fmt), fmt)


def _choice_rows(choices: list[dict], fmt: str, single: bool) -> list[str]:
    markers = []
    for choice in choices:
        fraction = choice["fraction"]
        if single and fraction == 1.0:
            markers.append("=")
        elif fraction == 0:
            markers.append("~")
        else:
            markers.append("~" + _weight(fraction))
    if single and all(marker == "=" for marker in markers):
        # Without any "~" Moodle would read a short answer question: keep the first "=", weigh the others.
        markers = ["="] + ["~%100%"] * (len(markers) - 1)
    return [
        marker + _text(choice["text"], choice.get("text_format", fmt), fmt) + _with_feedback(choice, fmt)
        for marker, choice in zip(markers, choices, strict=True)
    ]


def _shortanswer_rows(answers: list[dict], fmt: str) -> list[str]:
    rows = ["=" + ("" if answer["fraction"] == 1.0 else _weight(answer["fraction"])) for answer in answers]
    rows = [
        row + _text(answer["text"], answer.get("text_format", fmt), fmt) + _with_feedback(answer, fmt)
        for row, answer in zip(rows, answers, strict=True)
    ]
    if any("->" in row for row in rows):
        # "=" together with "->" makes a matching question; a single full-marks answer can do without its "=".
        if len(answers) == 1 and answers[0]["fraction"] == 1.0:
            return [rows[0][1:]]
        raise ValueError("cannot write a short answer question with several answers when one of them contains '->'")
    return rows


def _numerical_row(answer: dict, fmt: str) -> str:
    kind = answer["kind"]
    if kind == "any":
        return "~" + (_with_feedback(answer, fmt) or "#")
    weight = "" if answer["fraction"] == 1.0 else _weight(answer["fraction"])
    if kind == "exact":
        number = format_number(answer["value"])
    elif kind == "tolerance":
        number = f"{format_number(answer['value'])}:{format_number(answer['tolerance'])}"
    elif kind == "range":
        number = f"{format_number(answer['low'])}..{format_number(answer['high'])}"
    else:
        raise ValueError(f"unknown numerical answer kind {kind!r}")
    return "=" + weight + number + _with_feedback(answer, fmt)


def _matching_row(pair: dict, fmt: str) -> str:
    question = pair["question"]
    if "->" in question:
        raise ValueError(f"cannot write matching item {question!r}: it contains '->'")
    left = _text(question, pair.get("question_format", fmt), fmt) if question else ""
    return f"={left} -> {_escape(pair['answer'])}"
