"""Tests of the GIFT parser and writer (`quizzes.gift`): the shared GIFT corpus, our own edge-case files, every
error message, and the round trip parse -> write -> parse. Plain pytest: no Django, no database."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from pathlib import Path

import pytest

from quizzes.gift import GiftError, ParsedQuestion, parse_gift, parse_gift_file, write_gift
from tests.quizzes.corpus import (
    CORPUS_SIZE,
    EXPECTED_PARSE_FAILURES,
    PEG_DIR,
    PEG_FILES,
    PEG_FILES_OR_MISSING,
    require_corpus,
)

FILES_DIR = Path(__file__).resolve().parent / "files"
GOOD_FILES = sorted(path for path in FILES_DIR.glob("*.gift") if not path.name.startswith("broken_"))

JSON_TYPES = {
    "TF": "truefalse",
    "Short": "shortanswer",
    "Numerical": "numerical",
    "Matching": "matching",
    "Essay": "essay",
    "Description": "description",
}
NUMBER_KINDS = {"simple": "exact", "range": "tolerance", "high-low": "range"}

# Where the JS parser that wrote the corpus JSON and Moodle disagree, Moodle's importer is the reference (see the
# corpus README). Each entry is (JSON file stem, index of the question among the file's questions, field, the value
# in the JSON, the value Moodle gives and we expect). The JSON value is checked too, so a stale entry fails.
#
# Missing-word questions whose answer block is followed directly by ".": Moodle replaces the block by "_____"
# exactly (`substr_replace($text, "_____", $answerstart, $answerlength + 1)` in format.php), so "from {...}." reads
# "from _____."; the JS parser pads the blank with a space and gives "from _____ .".
PI = "What is the value of pi (to 3 decimal places)? _____"
MINUS_PI = "What is the value of pi times -1 (to 3 decimal places)? _____"
MOODLE_DIFFERENCES = [
    ("giftFormatPhpExamples", 8, "text", "Jesus Christ was from _____ .", "Jesus Christ was from _____."),
    ("numerical1", 2, "text", PI + " .", PI + "."),
    ("numerical1", 3, "text", MINUS_PI + " .", MINUS_PI + "."),
    ("numerical1", 4, "text", PI + " .", PI + "."),
    ("numerical1", 5, "text", MINUS_PI + " .", MINUS_PI + "."),
    ("numerical1", 6, "text", "Give me a number from 1 to 5. _____ .", "Give me a number from 1 to 5. _____."),
    ("numerical1", 7, "text", "Pick a number from -5 to 5. _____ .", "Pick a number from -5 to 5. _____."),
    ("options1", 8, "text", "Jesus Christ was from _____ .", "Jesus Christ was from _____."),
    ("shortAnswer1", 1, "text", "Two plus two equals _____ .", "Two plus two equals _____."),
]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _norm(text: str, text_format: str) -> str:
    """The JS parser turns line breaks into spaces in moodle and plain texts; Moodle (and we) keep them."""
    return _collapse(text) if text_format in ("moodle", "plain") else text


def _comparable(question: dict) -> dict:
    """A question as a dict without `line`, with every moodle/plain text whitespace-collapsed."""
    question = copy.deepcopy(question)
    question.pop("line", None)
    fmt = question["text_format"]
    data = question["data"]
    question["text"] = _norm(question["text"], fmt)
    question["general_feedback"] = _norm(question["general_feedback"], data.get("general_feedback_format", fmt))
    for item in data.get("choices", []) + data.get("answers", []):
        for key in ("text", "feedback"):
            if key in item:
                item[key] = _norm(item[key], item.get(f"{key}_format", fmt))
    for pair in data.get("pairs", []):
        pair["question"] = _norm(pair["question"], pair.get("question_format", fmt))
        pair["answer"] = _collapse(pair["answer"])
    for key in ("feedback_wrong", "feedback_right"):
        if key in data:
            data[key] = _norm(data[key], data.get(f"{key}_format", fmt))
    return question


def _rich(target: dict, key: str, rich: dict | None, question_format: str) -> None:
    """Store a JSON `{format, text}` (or null) under `key`, adding `<key>_format` when it overrides the question's."""
    target[key] = rich["text"] if rich else ""
    if rich and rich["text"] and rich["format"] != question_format:
        target[f"{key}_format"] = rich["format"]


def _fraction(choice: dict) -> float:
    if choice["weight"] is not None:
        return round(choice["weight"] / 100, 7)
    return 1.0 if choice["isCorrect"] else 0.0


def _numerical_answer(number: dict) -> dict:
    kind = NUMBER_KINDS[number["type"]]
    answer = {"kind": kind, "value": None, "tolerance": None, "low": None, "high": None}
    if kind == "exact":
        answer["value"] = number["number"]
    elif kind == "tolerance":
        answer.update(value=number["number"], tolerance=number["range"])
    else:
        answer.update(low=number["numberLow"], high=number["numberHigh"])
    return answer


def _expected_data(item: dict, fmt: str) -> tuple[str, dict]:
    kind = item["type"]
    data: dict = {}
    if kind in ("MC", "Short"):
        answers = []
        for choice in item["choices"]:
            answer: dict = {}
            _rich(answer, "text", choice["text"], fmt)
            answer["fraction"] = _fraction(choice)
            _rich(answer, "feedback", choice["feedback"], fmt)
            answers.append(answer)
        if kind == "Short":
            return "shortanswer", {"answers": answers}
        qtype = "multichoice" if any(choice["isCorrect"] for choice in item["choices"]) else "multiresponse"
        return qtype, {"choices": answers}
    if kind == "TF":
        data["answer"] = item["isTrue"]
        # The first "#" feedback (JSON `trueFeedback`) is shown for a wrong answer, the second for a right one.
        _rich(data, "feedback_wrong", item["trueFeedback"], fmt)
        _rich(data, "feedback_right", item["falseFeedback"], fmt)
    elif kind == "Numerical":
        choices = item["choices"]
        if isinstance(choices, dict):
            data["answers"] = [{**_numerical_answer(choices), "fraction": 1.0, "feedback": ""}]
        else:
            data["answers"] = []
            for choice in choices:
                if "format" in choice["text"]:  # {format, text: "*"}: the "~#feedback" catch-all
                    assert choice["text"]["text"] == "*"
                    answer = {"kind": "any", "value": None, "tolerance": None, "low": None, "high": None}
                else:
                    answer = _numerical_answer(choice["text"])
                answer["fraction"] = _fraction(choice)
                _rich(answer, "feedback", choice["feedback"], fmt)
                data["answers"].append(answer)
    elif kind == "Matching":
        data["pairs"] = []
        for pair in item["matchPairs"]:
            expected_pair = {"answer": pair["subanswer"]}
            _rich(expected_pair, "question", pair["subquestion"], fmt)
            data["pairs"].append(expected_pair)
    return JSON_TYPES[kind], data


def _expected_questions(items: list[dict]) -> tuple[list[dict], list[str]]:
    """Map the corpus JSON to our structure: (questions as comparable dicts, category paths)."""
    questions, categories, category = [], [], ""
    for item in items:
        if item["type"] == "Category":
            category = item["title"]
            categories.append(category)
            continue
        fmt = item["stem"]["format"]
        qtype, data = _expected_data(item, fmt)
        general: dict = {}
        _rich(general, "general_feedback", item.get("globalFeedback"), fmt)
        data.update({key: value for key, value in general.items() if key != "general_feedback"})
        question = {
            "qtype": qtype,
            "title": item["title"] or "",
            "text": item["stem"]["text"],
            "text_format": fmt,
            "general_feedback": general["general_feedback"],
            "data": data,
            "category": category,
            "idnumber": item.get("id") or "",
            "tags": item.get("tags") or [],
            "has_embedded_answers": item["hasEmbeddedAnswers"],
        }
        questions.append(_comparable(question))
    return questions, categories


def _without_lines(questions: list[ParsedQuestion]) -> list[ParsedQuestion]:
    return [dataclasses.replace(question, line=0) for question in questions]


# -- the shared corpus --------------------------------------------------------------------------------------------


def test_the_shared_corpus_is_present_with_its_51_files_and_every_one_parses() -> None:
    require_corpus()
    assert len(PEG_FILES) == CORPUS_SIZE, f"expected {CORPUS_SIZE} GIFT files in {PEG_DIR}"
    assert all(path.with_suffix(".json").exists() for path in PEG_FILES)
    assert {path.name for path in PEG_FILES if parse_gift_file(path).errors} == EXPECTED_PARSE_FAILURES


@pytest.mark.parametrize("path", PEG_FILES_OR_MISSING, ids=lambda path: path.stem)
def test_every_corpus_file_parses_like_its_expected_json(path: Path) -> None:
    require_corpus()
    result = parse_gift_file(path)
    assert result.errors == []
    expected, categories = _expected_questions(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
    for stem, index, key, js_value, moodle_value in MOODLE_DIFFERENCES:
        if stem == path.stem:
            assert expected[index][key] == js_value, "the JS parser's value changed: review this Moodle difference"
            expected[index][key] = moodle_value
    assert result.categories == categories
    assert [_comparable(dataclasses.asdict(question)) for question in result.questions] == expected
    json.dumps([dataclasses.asdict(question) for question in result.questions], allow_nan=False)


@pytest.mark.parametrize("path", PEG_FILES_OR_MISSING + GOOD_FILES, ids=lambda path: path.stem)
def test_writing_and_reparsing_any_good_file_gives_the_same_questions(path: Path) -> None:
    if path.is_relative_to(PEG_DIR):
        require_corpus()
    parsed = parse_gift_file(path)
    assert parsed.errors == []
    reparsed = parse_gift(write_gift(parsed.questions))
    assert reparsed.errors == []
    assert _without_lines(reparsed.questions) == _without_lines(parsed.questions)
    # Only categories that hold questions can come back: the writer writes questions, not empty categories.
    assert reparsed.categories == list(
        dict.fromkeys(question.category for question in parsed.questions if question.category)
    )


def test_html_and_markdown_texts_keep_their_line_breaks_and_indentation_exactly() -> None:
    require_corpus()
    pre = parse_gift_file(PEG_DIR / "totara_moodle_pre_content.gift").questions[0]
    assert pre.text == (
        "<p>What would running the test method print?</p>\n<pre>\n    public void test() {\n        method1();\n"
        "        method2();\n        method3();\n    }\n</pre>"
    )
    markdown = parse_gift_file(PEG_DIR / "markdown.gift").questions[1]
    assert markdown.text == "multiline2  \nmarkdown"


def test_moodle_texts_keep_their_line_breaks_where_the_js_parser_joins_them() -> None:
    require_corpus()
    question = parse_gift_file(PEG_DIR / "multiLineFeedback1.gift").questions[0]
    assert question.general_feedback == "Global feedback split\non multiple lines"
    assert question.data["choices"][1]["feedback"] == "feedback comment on this wrong answer\non multiple lines"


# -- our own files ------------------------------------------------------------------------------------------------


def test_a_file_with_every_question_type_parses_into_the_documented_structure() -> None:
    result = parse_gift_file(FILES_DIR / "socialwise_all_types.gift")
    assert result.errors == []
    assert result.categories == ["Socialwise demo/Leaders", "Socialwise demo/Learners"]
    by_title = {question.title: question for question in result.questions}
    assert [question.qtype for question in result.questions] == [
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "numerical",
        "numerical",
        "matching",
        "essay",
        "description",
        "multichoice",
        "multichoice",
        "numerical",
    ]
    phish = by_title["Spot the phish"]
    assert (phish.idnumber, phish.tags, phish.category, phish.line) == (
        "SW-001",
        ["phishing", "email"],
        "Socialwise demo/Leaders",
        8,
    )
    assert phish.general_feedback == "Phishing relies on urgency."
    assert phish.data == {
        "choices": [
            {
                "text": "Report it and delete it",
                "fraction": 1.0,
                "feedback": "Right: check through a channel you already trust.",
            },
            {"text": "Click the link to check", "fraction": 0.0, "feedback": "The link is the trap."},
            {
                "text": "Reply and ask whether it is real",
                "fraction": -0.5,
                "feedback": "A reply confirms that your address is read.",
            },
        ]
    }
    assert by_title["Good habits"].data["choices"][2] == {
        "text": "Reusing one strong password",
        "fraction": -1.0,
        "feedback": "One leak opens every account.",
    }
    assert by_title["Public by default"].data == {
        "answer": True,
        "feedback_wrong": "Check your privacy settings.",
        "feedback_right": "Right.",
    }
    assert by_title["Acronym"].general_feedback == "Two or more proofs of identity."
    assert by_title["Leap year"].data["answers"] == [
        {
            "kind": "exact",
            "value": 366.0,
            "tolerance": None,
            "low": None,
            "high": None,
            "fraction": 1.0,
            "feedback": "Right.",
        },
        {
            "kind": "tolerance",
            "value": 365.0,
            "tolerance": 1.0,
            "low": None,
            "high": None,
            "fraction": 0.5,
            "feedback": "Close.",
        },
        {
            "kind": "any",
            "value": None,
            "tolerance": None,
            "low": None,
            "high": None,
            "fraction": 0.0,
            "feedback": "Count again.",
        },
    ]
    assert by_title["Rating scale"].data["answers"][0]["kind"] == "range"
    platforms = by_title["Platforms"]
    assert platforms.category == "Socialwise demo/Learners"
    assert platforms.data["pairs"][3] == {"question": "", "answer": "Online banking"}
    reflection = by_title["Reflection"]
    assert (reflection.text_format, reflection.text) == (
        "markdown",
        "Describe a post you **regret** sharing.\nWhat would you change today?",
    )
    assert reflection.general_feedback == "<p>Think about <em>who</em> could see it.</p>"
    assert reflection.data == {"general_feedback_format": "html"}
    part = result.questions[8]
    assert (part.title, part.text_format, part.data) == ("", "html", {})
    assert part.text == "<h2>Part 2</h2>\n<p>The next questions are about privacy settings.</p>"
    escapes = by_title["Escapes"]
    assert escapes.text == "Which one is a GIFT control character: {, }, =, ~ or #? A backslash \\ is not."
    assert escapes.data["choices"][0] == {
        "text": "All of them: { } = ~ #",
        "fraction": 1.0,
        "feedback": "Each needs a backslash.\nEven in feedback.",
    }


def test_missing_word_question_counts_under_its_answer_type() -> None:
    question = parse_gift_file(FILES_DIR / "socialwise_all_types.gift").questions[9]
    assert question.qtype == "multichoice"
    assert question.has_embedded_answers is True
    assert question.text == "Strong passwords are _____ and unique."


def test_a_file_with_a_bom_and_crlf_line_ends_parses_like_a_plain_one() -> None:
    raw = (FILES_DIR / "crlf_bom.gift").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = parse_gift_file(FILES_DIR / "crlf_bom.gift")
    assert result.errors == []
    cafe, takeover = result.questions
    assert (cafe.title, cafe.text, cafe.line) == ("Café", "Is a café Wi-Fi network safe for banking?", 2)
    assert cafe.data["choices"][0] == {"text": "No", "fraction": 1.0, "feedback": "Use mobile data or a VPN."}
    assert (takeover.qtype, takeover.text, takeover.line) == (
        "truefalse",
        "Two-factor authentication\nstops most account takeovers.",
        7,
    )
    plain = raw.decode("utf-8-sig").replace("\r\n", "\n")
    assert _without_lines(parse_gift(plain).questions) == _without_lines(result.questions)


def test_a_file_that_is_not_utf8_is_one_error_on_line_1() -> None:
    result = parse_gift_file(FILES_DIR / "broken_not_utf8.gift")
    assert result.questions == []
    assert result.errors == [GiftError(1, "file is not UTF-8 text: byte 0xe9 on line 1 cannot be decoded")]


def test_a_broken_file_reports_every_error_with_its_line_and_keeps_the_good_questions() -> None:
    result = parse_gift_file(FILES_DIR / "broken_questions.gift")
    assert [(error.line, error.message) for error in result.errors] == [
        (3, "unclosed answer block '{'"),
        (7, "multiple choice question has no right answer"),
        (9, "true/false answer must be T, TRUE, F or FALSE, not 'maybe'"),
        (11, "matching question needs at least 2 pairs"),
        (13, "numerical answer 'abc' is not a number"),
        (15, "weight 150% is out of range -100..100"),
        (17, "unknown format [rtf]"),
        (19, "question has an empty text"),
        (21, "'}' without an opening '{'"),
        (23, "question has more than one answer block"),
        (25, "unclosed title '::'"),
        (27, "weights of the right choices add up to 80%, not 100%"),
        (29, "short answer question has no right answer"),
        (31, "category path is empty"),
        (33, "numerical range 5..1 has its low end above its high end"),
        (35, "'{' inside an answer block (write \\{ for a literal brace)"),
        (37, "multiple choice question needs at least 2 choices"),
        (39, "true/false answer must be T, TRUE, F or FALSE, not 'true'"),
        (41, "matching pair 'c' has no '->'"),
        (43, "answer 2 has an empty text"),
        (45, "numerical tolerance 'x' is not a number"),
        (47, "weight '%abc%' is not a number"),
        (49, "'~#feedback' must be the last answer of a numerical question"),
        (53, "weight 200% is out of range -100..100"),
        (54, "unknown format [rtf]"),
    ]
    assert [(question.line, question.text) for question in result.questions] == [
        (5, "Is this question fine?"),
        (57, "The last question is fine too."),
    ]
    assert result.categories == []


# -- parsing details ----------------------------------------------------------------------------------------------


def test_true_false_feedback_is_wrong_answer_first_then_right_answer() -> None:
    question = parse_gift("42 is the answer.{FALSE#It is 42.#Well spotted.}").questions[0]
    assert question.data == {"answer": False, "feedback_wrong": "It is 42.", "feedback_right": "Well spotted."}
    assert parse_gift("Sky is blue.{T}").questions[0].data == {
        "answer": True,
        "feedback_wrong": "",
        "feedback_right": "",
    }


def test_every_escape_sequence_is_resolved() -> None:
    question = parse_gift(r"::a\:b::Escapes \~ \= \# \{ \} \: \\ and a\nbreak {}").questions[0]
    assert question.title == "a:b"
    assert question.text == "Escapes ~ = # { } : \\ and a\nbreak"
    assert question.qtype == "essay"


def test_unicode_noncharacters_in_the_input_cannot_pose_as_escapes() -> None:
    assert parse_gift("a \ufdd4 b {}").questions[0].text == "a \ufffd b"


def test_a_backslash_before_an_ordinary_character_stays_a_backslash() -> None:
    assert parse_gift(r"Path C:\temp\x {}").questions[0].text == "Path C:\\temp\\x"


def test_answers_and_feedback_inherit_the_question_format_unless_they_name_their_own() -> None:
    question = parse_gift("[html]<p>Pick</p>{=<b>yes</b>#[markdown]**good** ~[plain]no#<i>bad</i>}").questions[0]
    assert question.text_format == "html"
    assert question.data["choices"] == [
        {"text": "<b>yes</b>", "fraction": 1.0, "feedback": "**good**", "feedback_format": "markdown"},
        {"text": "no", "fraction": 0.0, "feedback": "<i>bad</i>", "text_format": "plain"},
    ]


def test_a_format_marker_equal_to_the_question_format_adds_no_key() -> None:
    question = parse_gift("[html]Pick {=[html]yes ~no}").questions[0]
    assert question.data["choices"][0] == {"text": "yes", "fraction": 1.0, "feedback": ""}


def test_a_bracket_that_is_not_a_format_name_is_plain_text() -> None:
    assert parse_gift("[Note] read this {}").questions[0].text == "[Note] read this"
    assert parse_gift("[link](https\\://example.org) here {}").questions[0].text == "[link](https://example.org) here"
    assert parse_gift("[moodle][rtf] is kept {}").questions[0].text == "[rtf] is kept"


def test_unknown_format_is_reported_wherever_a_format_may_stand() -> None:
    result = parse_gift("Q {=[rtf]a#[doc]b ~c####[pdf]g}")
    assert [error.message for error in result.errors] == [
        "unknown format [pdf]",
        "unknown format [rtf]",
        "unknown format [doc]",
    ]


def test_numerical_answers_cover_exact_tolerance_range_and_any_with_weights() -> None:
    question = parse_gift("Pi? {#\n=3.1416\n=%50%3.14:0.01#close\n=%25%3..4\n~#no}").questions[0]
    assert question.data["answers"] == [
        {
            "kind": "exact",
            "value": 3.1416,
            "tolerance": None,
            "low": None,
            "high": None,
            "fraction": 1.0,
            "feedback": "",
        },
        {
            "kind": "tolerance",
            "value": 3.14,
            "tolerance": 0.01,
            "low": None,
            "high": None,
            "fraction": 0.5,
            "feedback": "close",
        },
        {"kind": "range", "value": None, "tolerance": None, "low": 3.0, "high": 4.0, "fraction": 0.25, "feedback": ""},
        {"kind": "any", "value": None, "tolerance": None, "low": None, "high": None, "fraction": 0.0, "feedback": "no"},
    ]


def test_negative_numbers_and_ranges_parse() -> None:
    answers = parse_gift("Q {#-3.142..-3.141}").questions[0].data["answers"]
    assert (answers[0]["low"], answers[0]["high"]) == (-3.142, -3.141)
    assert parse_gift("Q {#-1e3}").questions[0].data["answers"][0]["value"] == -1000.0


def test_fractional_and_negative_weights_become_fractions() -> None:
    choices = parse_gift("Continents? {~%33.33333%Africa ~%33.33333%Asia ~%33.33334%Europe ~%-100%China}").questions[0]
    assert [choice["fraction"] for choice in choices.data["choices"]] == [0.3333333, 0.3333333, 0.3333334, -1.0]


def test_a_multiple_answer_question_whose_weights_round_to_100_percent_is_accepted() -> None:
    result = parse_gift("Pick {~%33.3%a ~%33.3%b ~%33.3%c ~d}")
    assert result.errors == []
    assert result.questions[0].qtype == "multiresponse"


def test_a_single_answer_without_equals_sign_is_a_short_answer() -> None:
    question = parse_gift("One in words? {One}").questions[0]
    assert question.data == {"answers": [{"text": "One", "fraction": 1.0, "feedback": ""}]}


def test_tilde_with_arrows_is_multiple_choice_not_matching() -> None:
    question = parse_gift("Coffee? {~shop -> order =powder -> water}").questions[0]
    assert question.qtype == "multichoice"
    assert question.data["choices"][1]["text"] == "powder -> water"


def test_comments_inside_a_question_are_ignored_and_give_its_id_and_tags() -> None:
    source = "// [id:Q\\]1]\n// [tag: one ]\n::T::Text {\n// a comment between answers [tag:two]\n=a\n~b\n}"
    question = parse_gift(source).questions[0]
    assert (question.idnumber, question.tags, question.line) == ("Q]1", ["one", "two"], 3)
    assert [choice["text"] for choice in question.data["choices"]] == ["a", "b"]


def test_a_category_line_may_be_followed_directly_by_a_question() -> None:
    result = parse_gift("$CATEGORY:  top / Safety \n::A::Q {T}\n\n$CATEGORY: top/Safety\n\nQ2 {F}")
    assert result.categories == ["top/Safety"]
    assert [(question.category, question.line) for question in result.questions] == [
        ("top/Safety", 2),
        ("top/Safety", 6),
    ]


def test_general_feedback_alone_makes_an_essay() -> None:
    question = parse_gift("Explain. {####A good answer names two risks.}").questions[0]
    assert (question.qtype, question.general_feedback) == ("essay", "A good answer names two risks.")


def test_a_question_with_an_error_is_left_out_but_the_others_are_kept() -> None:
    result = parse_gift("Good {T}\n\nBad {~a ~b}\n\nAlso good {F}")
    assert [question.text for question in result.questions] == ["Good", "Also good"]
    assert result.errors == [GiftError(3, "multiple choice question has no right answer")]


@pytest.mark.parametrize(
    ("source", "errors"),
    [
        ("Q {=a ~b", [GiftError(1, "unclosed answer block '{'")]),
        # A blank line ends a question, as in Moodle: the block is cut in two and both halves are reported.
        ("Q {=a\n~b\n\n}", [GiftError(1, "unclosed answer block '{'"), GiftError(4, "'}' without an opening '{'")]),
        ("Q {~%5 ~b =c}", [GiftError(1, "weight '%5' has no closing '%'")]),
        ("Q {=%-10%a}", [GiftError(1, "weight -10% is out of range 0..100")]),
        ("Q {#=%150%5}", [GiftError(1, "weight 150% is out of range 0..100")]),
        ("Q {#5:-1}", [GiftError(1, "numerical tolerance -1 is negative")]),
        ("Q {#}", [GiftError(1, "numerical question has no answers")]),
        ("Q {#=%50%5}", [GiftError(1, "numerical question has no right answer")]),
        (
            "Q {#=5 ~6#x}",
            [GiftError(1, "a numerical '~' answer only gives feedback for any other answer: '~#feedback'")],
        ),
        ("Q {#3,5}", [GiftError(1, "numerical answer '3,5' is not a number")]),
        ("Q {#nan}", [GiftError(1, "numerical answer 'nan' is not a number")]),
        ("Q {#1e999}", [GiftError(1, "numerical answer '1e999' is not a number")]),
        ("Q {=%1e999%a ~b}", [GiftError(1, "weight '%1e999%' is not a number")]),
        ("Q {=%50%a ~b}", [GiftError(1, "multiple choice question has no right answer")]),
        ("Q {=a -> 1 =b ->}", [GiftError(1, "matching pair 'b' has an empty answer")]),
        ("Q {=a -> 1 = -> 2}", [GiftError(1, "matching question needs at least 2 pairs")]),
        ("Q {False}", [GiftError(1, "true/false answer must be T, TRUE, F or FALSE, not 'False'")]),
        ("::T::", [GiftError(1, "question has an empty text")]),
        ("[html]{T}", [GiftError(1, "question has an empty text")]),
        ("Q {=a}\n} more", [GiftError(2, "'}' without an opening '{'")]),
        ("Q\n{=a\n~b\n~%120%c\n}", [GiftError(4, "weight 120% is out of range -100..100")]),
    ],
)
def test_malformed_questions_give_exact_errors(source: str, errors: list[GiftError]) -> None:
    result = parse_gift(source)
    assert result.errors == errors
    assert result.questions == []


def test_errors_in_several_answers_of_one_question_are_all_reported() -> None:
    result = parse_gift("Q {\n=%abc%a\n~%300%b\n~[xyz]c\n}")
    assert result.errors == [
        GiftError(2, "weight '%abc%' is not a number"),
        GiftError(3, "weight 300% is out of range -100..100"),
        GiftError(4, "unknown format [xyz]"),
    ]


def test_parsing_never_raises_on_random_input() -> None:
    rng = random.Random(20240613)
    alphabet = [
        "{",
        "}",
        "=",
        "~",
        "#",
        "%",
        ":",
        "::",
        "\\",
        "->",
        "..",
        "\n",
        "\n\n",
        "//",
        "[html]",
        "[x]",
        "T",
        "TRUE",
        "$CATEGORY:",
        "####",
        "5",
        "-",
        ".",
        "a",
        " ",
        "\r\n",
        "\ufeff",
        "%50%",
        "_____",
    ]
    for _ in range(3000):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        result = parse_gift(source)
        for question in result.questions:
            reparsed = parse_gift(write_gift([question]))
            assert reparsed.errors == [], source
            assert _without_lines(reparsed.questions) == _without_lines([question]), source


# -- writing ------------------------------------------------------------------------------------------------------


def _question(**fields: object) -> ParsedQuestion:
    base = {
        "qtype": "essay",
        "title": "",
        "text": "Q",
        "text_format": "moodle",
        "general_feedback": "",
        "data": {},
        "category": "",
        "idnumber": "",
        "tags": [],
        "has_embedded_answers": False,
        "line": 1,
    }
    return ParsedQuestion(**(base | fields))


def test_writer_emits_category_lines_only_when_the_category_changes() -> None:
    questions = [
        _question(text="A", category="Demo/One"),
        _question(text="B", category="Demo/One"),
        _question(text="C", category="Demo/Two"),
    ]
    assert write_gift(questions) == "$CATEGORY: Demo/One\n\nA {}\n\nB {}\n\n$CATEGORY: Demo/Two\n\nC {}\n"


def test_writer_emits_title_id_tags_and_format_marker() -> None:
    question = _question(
        qtype="truefalse",
        title="Safe: yes?",
        text="<p>Safe?</p>",
        text_format="html",
        data={"answer": True, "feedback_wrong": "", "feedback_right": "<b>Yes</b>"},
        idnumber="Q]7",
        tags=["privacy", "basics"],
    )
    assert write_gift([question]) == (
        "// [id:Q\\]7]\n// [tag:privacy] [tag:basics]\n::Safe\\: yes?::[html]<p>Safe?</p> {TRUE##<b>Yes</b>}\n"
    )


def test_writer_escapes_control_characters_and_unsafe_line_breaks() -> None:
    question = _question(qtype="description", text="a {b} = c ~ d # e: f \\ g\n\nh\n// not a comment")
    written = write_gift([question])
    # The blank line and the "//" line would end the question or hide as a comment: their breaks become "\\n".
    assert written == "a \\{b\\} \\= c \\~ d \\# e\\: f \\\\ g\\n\nh\\n// not a comment\n"
    assert parse_gift(written).questions[0].text == question.text


def test_writer_protects_texts_that_would_be_misread() -> None:
    questions = [
        _question(text="[rtf] is a format"),
        _question(text="// starts like a comment"),
        _question(text="$CATEGORY: looks like a category"),
        _question(
            qtype="multiresponse",
            data={
                "choices": [
                    {"text": "%5 of people", "fraction": 1.0, "feedback": ""},
                    {"text": "b", "fraction": 0.0, "feedback": ""},
                ]
            },
        ),
    ]
    reparsed = parse_gift(write_gift(questions))
    assert reparsed.errors == []
    assert _without_lines(reparsed.questions) == _without_lines(questions)


def test_writer_keeps_a_multiple_choice_question_with_only_full_marks_choices_multiple_choice() -> None:
    question = _question(
        qtype="multichoice",
        data={
            "choices": [{"text": "a", "fraction": 1.0, "feedback": ""}, {"text": "b", "fraction": 1.0, "feedback": ""}]
        },
    )
    assert "~%100%b" in write_gift([question])
    assert _without_lines(parse_gift(write_gift([question])).questions) == _without_lines([question])


def test_writer_writes_a_lone_short_answer_with_an_arrow_without_its_equals_sign() -> None:
    question = _question(qtype="shortanswer", data={"answers": [{"text": "a->b", "fraction": 1.0, "feedback": ""}]})
    assert write_gift([question]) == "Q {a->b}\n"
    assert parse_gift(write_gift([question])).questions[0].qtype == "shortanswer"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"category": ""}, "cannot write category '' after category 'A'"),
        ({"category": "A", "idnumber": "a\nb"}, "cannot write id 'a\\nb' in a GIFT comment"),
        (
            {"category": "A", "qtype": "matching", "data": {"pairs": [{"question": "x -> y", "answer": "z"}]}},
            "cannot write matching item 'x -> y': it contains '->'",
        ),
    ],
)
def test_writer_refuses_questions_gift_cannot_express(fields: dict, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        write_gift([_question(category="A"), _question(**fields)])
    assert str(excinfo.value) == message
