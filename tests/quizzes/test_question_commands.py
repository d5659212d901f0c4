"""`manage.py import_questions` and `export_questions`, as a trainer or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest

from quizzes.gift import parse_gift_file
from quizzes.models import Question, QuestionBank, QuestionCategory
from tests.quizzes.corpus import CORPUS_SIZE, EXPECTED_PARSE_FAILURES, PEG_FILES, require_corpus

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent / "files"
DEMO_GIFT = Path(settings.BASE_DIR) / "demo" / "knowledge_check.gift"
FIELDS = [
    "qtype",
    "title",
    "text",
    "text_format",
    "general_feedback",
    "data",
    "idnumber",
    "tags",
    "has_embedded_answers",
]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fail(*args: str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), caught.value.code


def questions_of(bank: str) -> list[dict]:
    rows = (
        Question.objects.filter(category__bank__name=bank).select_related("category").order_by("category__path", "pk")
    )
    return [{**{name: getattr(q, name) for name in FIELDS}, "category": q.category.path} for q in rows]


def corpus_that_parses() -> list[Path]:
    """Every corpus file but the ones named as expected failures (tests/quizzes/corpus.py), each checked to parse."""
    require_corpus()
    files = [path for path in PEG_FILES if path.name not in EXPECTED_PARSE_FAILURES]
    assert len(files) == CORPUS_SIZE - len(EXPECTED_PARSE_FAILURES)
    assert [path.name for path in files if parse_gift_file(path).errors] == []
    return files


def test_json_output_is_exactly_one_object_with_the_counts_by_type_and_the_categories():
    out, err = run("import_questions", str(DEMO_GIFT), "--format", "gift", "--bank", "Demo", "--json")
    assert err == ""
    assert json.loads(out) == {
        "imported": 10,
        "by_type": {
            "multichoice": 6,
            "multiresponse": 0,
            "truefalse": 4,
            "shortanswer": 0,
            "numerical": 0,
            "matching": 0,
            "essay": 0,
            "description": 0,
        },
        "categories": ["Socialwise demo/Leaders", "Socialwise demo/Every function", "Socialwise demo/Crisis response"],
        "already_in_bank": 0,
    }
    assert Question.objects.filter(category__bank__name="Demo").count() == 10


def test_importing_the_same_file_twice_skips_what_is_in_the_bank_and_says_so_unless_asked_for():
    run("import_questions", str(DEMO_GIFT), "--bank", "Impostors")
    out, _err = run("import_questions", str(DEMO_GIFT), "--bank", "Impostors")
    assert out.strip() == (
        "Nothing to import: all 10 questions are already in “Impostors” (same type, text and answers); "
        "--allow-duplicates imports them anyway."
    )
    assert Question.objects.filter(category__bank__name="Impostors").count() == 10
    out, _err = run("import_questions", str(DEMO_GIFT), "--bank", "Impostors", "--json")
    assert json.loads(out)["already_in_bank"] == 10 and json.loads(out)["imported"] == 0
    # Another bank is another bank; --allow-duplicates imports them anyway.
    run("import_questions", str(DEMO_GIFT), "--bank", "Other")
    assert Question.objects.filter(category__bank__name="Other").count() == 10
    out, _err = run("import_questions", str(DEMO_GIFT), "--bank", "Impostors", "--allow-duplicates")
    assert "Imported 10 questions" in out and "already in the bank" not in out
    assert Question.objects.filter(category__bank__name="Impostors").count() == 20


def test_a_missing_word_question_counts_under_the_type_of_its_answer_block(tmp_path):
    source = tmp_path / "missing.gift"
    source.write_text("Moodle costs {~lots of money =nothing ~a small amount} to download.\n\nThe {=cat} sat.\n")
    out, _err = run("import_questions", str(source), "--bank", "B", "--json")
    counts = json.loads(out)["by_type"]
    assert (counts["multichoice"], counts["shortanswer"]) == (1, 1)
    assert Question.objects.filter(has_embedded_answers=True).count() == 2


def test_questions_without_a_category_go_to_the_category_option(tmp_path):
    source = tmp_path / "mixed.gift"
    source.write_text("First?{T}\n\n$CATEGORY: Named/Sub\n\nSecond?{F}\n")
    out, _err = run("import_questions", str(source), "--bank", "B", "--category", " Default / Here ", "--json")
    assert json.loads(out)["categories"] == ["Default/Here", "Named/Sub"]
    assert sorted(QuestionCategory.objects.values_list("path", flat=True)) == ["Default/Here", "Named/Sub"]


def test_a_dry_run_reports_what_would_be_imported_and_writes_nothing():
    out, _err = run("import_questions", str(DEMO_GIFT), "--bank", "Demo", "--dry-run")
    assert out.splitlines() == [
        "Would import 10 questions into “Demo”: 6 multiple choice, 4 true/false.",
        "Categories: Socialwise demo/Leaders, Socialwise demo/Every function, Socialwise demo/Crisis response",
        "Dry run: nothing was written.",
    ]
    out, _err = run("import_questions", str(DEMO_GIFT), "--bank", "Demo", "--dry-run", "--json")
    assert json.loads(out)["imported"] == 10
    assert not QuestionBank.objects.exists()
    assert not Question.objects.exists()


def test_a_broken_file_exits_with_status_1_lists_every_error_by_file_and_line_and_imports_nothing():
    path = FILES / "broken_questions.gift"
    expected = [f"{path}:{e.line}: {e.message}" for e in parse_gift_file(path).errors]
    out, err, code = fail("import_questions", str(path), "--format", "gift", "--bank", "B")
    assert code == 1
    assert err.splitlines() == expected
    assert expected[0] == f"{path}:3: unclosed answer block '{{'"
    assert len(expected) == 25
    assert out == ""
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_with_json_a_broken_file_still_prints_one_object_and_exits_with_status_1():
    path = FILES / "broken_not_utf8.gift"
    out, err, code = fail("import_questions", str(path), "--bank", "B", "--json")
    assert code == 1
    message = f"{path}:1: file is not UTF-8 text: byte 0xe9 on line 1 cannot be decoded"
    assert err.splitlines() == [message]
    document = json.loads(out)
    assert (document["imported"], document["errors"]) == (0, [message])


def test_a_real_process_exits_with_status_1_on_a_broken_file():
    path = FILES / "broken_questions.gift"
    done = subprocess.run(
        [sys.executable, "manage.py", "import_questions", str(path), "--bank", "B", "--json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "socialwise.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == f"{path}:3: unclosed answer block '{{'"
    assert json.loads(done.stdout)["imported"] == 0


def test_an_id_number_already_used_in_the_category_is_an_error_on_its_line(tmp_path):
    source = tmp_path / "ids.gift"
    source.write_text("// [id:Q1]\nFirst?{T}\n\n// [id:Q1]\nSecond?{F}\n")
    _out, err, code = fail("import_questions", str(source), "--bank", "B")
    assert (code, err.splitlines()) == (1, [f"{source}:5: ID number 'Q1' is already used in category 'the top level'"])
    again = tmp_path / "one.gift"
    again.write_text("// [id:Q1]\nFirst?{T}\n")
    run("import_questions", str(again), "--bank", "B")
    changed = tmp_path / "changed.gift"  # the same question again is skipped (below); another with its ID is not
    changed.write_text("// [id:Q1]\nFirst, reworded?{T}\n")
    _out, err, code = fail("import_questions", str(changed), "--bank", "B")
    assert err.splitlines() == [f"{changed}:2: ID number 'Q1' is already used in category 'the top level'"]
    assert Question.objects.count() == 1


def test_a_missing_file_or_bank_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="nowhere.gift: no such file"):
        call_command("import_questions", str(tmp_path / "nowhere.gift"), "--bank", "B")
    with pytest.raises(CommandError, match="There is no question bank named “Nobody”."):
        call_command("export_questions", "--bank", "Nobody", "--format", "gift")


@pytest.mark.parametrize("file_format", ["gift", "json"])
def test_import_export_import_gives_the_same_questions_for_every_corpus_file(tmp_path, file_format):
    files = corpus_that_parses()
    for index, path in enumerate(files):
        first, second = f"First {index}", f"Second {index}"
        run("import_questions", str(path), "--bank", first)
        exported = tmp_path / f"{path.stem}.{file_format}"
        run("export_questions", "--bank", first, "--format", file_format, "--output", str(exported))
        run("import_questions", str(exported), "--format", file_format, "--bank", second)
        assert questions_of(second) == questions_of(first), path.name
        assert len(questions_of(first)) == len(parse_gift_file(path).questions), path.name


def test_our_own_edge_cases_round_trip_through_both_formats(tmp_path):
    for name in ("socialwise_all_types.gift", "crlf_bom.gift"):
        run("import_questions", str(FILES / name), "--bank", name)
        for file_format in ("gift", "json"):
            out, _err = run("export_questions", "--bank", name, "--format", file_format)
            exported = tmp_path / f"{name}.{file_format}"
            exported.write_text(out, encoding="utf-8")
            run("import_questions", str(exported), "--format", file_format, "--bank", f"{name} {file_format}")
            assert questions_of(f"{name} {file_format}") == questions_of(name)


def test_a_json_file_with_errors_reports_them_by_the_line_of_the_question(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text(
        '{"bank": "X",\n "questions": [\n'
        '  {"qtype": "truefalse", "text": "Fine?", "data": {"answer": true, "feedback_wrong": "", "feedback_right": ""}},\n'
        '  {"qtype": "multichoice", "text": "No choices?", "data": {}},\n'
        '  {"qtype": "riddle", "text": "What?"}\n'
        "]}\n"
    )
    _out, err, code = fail("import_questions", str(source), "--format", "json", "--bank", "B")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{source}:4: question 2: its answers do not fit a multichoice question")
    assert lines[1] == f"{source}:5: question 3: unknown question type 'riddle'"
    broken = tmp_path / "broken.json"
    broken.write_text('{"questions": [\n  {"qtype": }\n]}')
    _out, err, _code = fail("import_questions", str(broken), "--format", "json", "--bank", "B")
    assert err.strip() == f"{broken}:2: not valid JSON: Expecting value (column 13)"
    assert not Question.objects.exists()
