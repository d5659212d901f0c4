"""Bulk writes (cms.bulk, cms.search) as the question import uses them: the rows and the search index rows are the
ones Django and Wagtail would have written one by one, imported questions are searchable as soon as the import
returns, and an import that fails at its last step leaves nothing behind."""

from __future__ import annotations

from django.db import connection, transaction

from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

import pytest

from cms.bulk import insert_rows
from cms.search import index_in_bulk
from quizzes import services
from quizzes.gift import parse_gift
from quizzes.models import Question, QuestionBank, QuestionCategory
from tests.factories.people import PASSWORD
from tests.factories.quizzes import import_gift

pytestmark = pytest.mark.django_db

# Titles empty, padded and in other scripts; texts of stop words only, with markup, tabs and newlines.
AWKWARD = (
    "::Crisis tone::Which tone fits a complaint?{=Calm ~Angry}\n\n"
    "Untitled question about   refunds?{T}\n\n"
    "::  Padded title\t::\tThe and of a?{F}\n\n"
    "::Überprüfung::Wie reagiert man auf <b>Kritik</b>\nim Netz?{=ruhig}\n\n"
    "::Stunden::Wie viele Stunden?{#12:2}\n"
)

SEARCH_COLUMNS = ["title", "autocomplete", "body", "title_text", "body_text", "title_norm"]


def index_rows(questions: list[Question]) -> dict[str, tuple]:
    """The index rows of these questions, vectors as text, keyed by object id."""
    ids = [str(q.pk) for q in questions]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, {', '.join(f'{c}::text' for c in SEARCH_COLUMNS)} "  # noqa: S608 - fixed names
            f"FROM {IndexEntry._meta.db_table} WHERE object_id = ANY(%s) AND content_type_id = %s",
            [ids, IndexEntry._meta.get_field("content_type").related_model.objects.get_for_model(Question).pk],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement index exists on PostgreSQL only")
def test_the_one_statement_index_writes_the_rows_wagtails_backend_writes():
    questions = import_gift(AWKWARD)
    ours = index_rows(questions)
    assert len(ours) == len(questions) == 5
    IndexEntry.objects.all().delete()
    for backend in get_search_backends():
        backend.add_bulk(Question, questions)  # Wagtail's own path, title norms included
    assert index_rows(questions) == ours
    # Indexing again replaces the rows rather than adding to them.
    index_in_bulk(Question, [q.pk for q in questions])
    assert index_rows(questions) == ours and IndexEntry.objects.count() == 5


def test_copy_stores_the_rows_bulk_create_stores():
    bank = QuestionBank.objects.create(name="Rows")
    one, other = (QuestionCategory.objects.create(bank=bank, path=path) for path in ("A/B", "C"))
    parsed = parse_gift(AWKWARD + "\n// [id:Q7]\n// [tag:x] [tag:y]\n::T::Tagged?{T}\n").questions

    def rows(category):
        made = [services._question_row(question) for question in parsed]
        for row in made:
            row.category = category
        return made

    copied = insert_rows(Question, rows(one))
    assert all(row.pk for row in copied)
    created = Question.objects.bulk_create(rows(other))
    skip = {"id", "created_at", "updated_at", "category_id"}
    fields = [f.attname for f in Question._meta.concrete_fields if f.attname not in skip]
    stored = {pk: row for pk, *row in Question.objects.values_list("pk", *fields)}
    assert [stored[row.pk] for row in copied] == [stored[row.pk] for row in created]
    assert Question.objects.get(pk=copied[-1].pk).tags == ["x", "y"]
    assert set(Question.objects.filter(pk__in=[r.pk for r in copied]).values_list("category", flat=True)) == {one.pk}
    assert all(q.created_at and q.updated_at for q in Question.objects.filter(pk__in=[r.pk for r in copied]))


def test_imported_questions_are_found_by_the_admin_search_and_the_chooser_right_after_the_import(client, trainer):
    from django.contrib.auth.models import Group

    from people import roles

    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    assert client.login(email=trainer.email, password=PASSWORD)
    import_gift(AWKWARD, bank="Searchable")
    listing = client.get("/admin/snippets/quizzes/question/", {"q": "complaint"}).content.decode()
    assert "Which tone fits a complaint?" in listing or "Crisis tone" in listing
    chooser = client.get("/admin/snippets/choose/quizzes/question/results/", {"q": "Kritik"}).content.decode()
    assert chooser.count("<details") == 1 and "Überprüfung" in chooser
    # Autocomplete (a word's beginning) works as well.
    chooser = client.get("/admin/snippets/choose/quizzes/question/results/", {"q": "refu"}).content.decode()
    assert "refunds" in chooser


@pytest.fixture
def failing_index():
    """A trigger that makes the database refuse one search index row: a failure at the import's very last write."""
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.body_text LIKE '%boom%' THEN RAISE EXCEPTION 'index refused'; END IF; RETURN NEW; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_boom BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_boom BEFORE INSERT ON {table} "
                f"WHEN NEW.body LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'index refused'); END"
            )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER IF EXISTS refuse_boom{' ON ' + table if connection.vendor == 'postgresql' else ''}"
        )
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS refuse_boom()")


def test_an_import_that_fails_at_its_last_write_leaves_no_bank_category_question_or_index_row(failing_index):
    import_gift("::Kept::Already here?{T}", bank="Existing")
    before = (QuestionBank.objects.count(), QuestionCategory.objects.count(), Question.objects.count())
    entries = IndexEntry.objects.count()
    questions = parse_gift(
        "$CATEGORY: New/Place\n" + "\n\n".join(f"Question {n}?{{T}}" for n in range(50)) + "\n\nSay boom?{F}\n"
    ).questions
    for bank in ("Existing", "Brand new"):
        with pytest.raises(Exception, match="index refused"), transaction.atomic():
            services.import_questions(bank_name=bank, questions=questions)
        assert (QuestionBank.objects.count(), QuestionCategory.objects.count(), Question.objects.count()) == before
        assert IndexEntry.objects.count() == entries
