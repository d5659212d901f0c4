"""The maintained completion counts per cohort (0: in no cohort) × course × required × status × due-date bucket, kept
like the department counts of 0004: the enrolment and account triggers now append a cohort delta row beside the
department one (one per cohort the person is in), and new triggers on cohort memberships move a person's enrolments
between cohorts when they join, leave or are moved. A person in several cohorts counts in each, as in the report.

On PostgreSQL the membership triggers run once per statement with its transition tables: a row trigger there fires
after the whole statement and would see a person's other memberships already gone (a cohort deleted with two of
their memberships would put them in "no cohort" twice). SQLite runs row triggers as each row changes, so there a
row trigger sees exactly the state before and after its row. The SQL is written out here, frozen with the
migration; 0004's pieces are reused from that (equally frozen) migration."""

import importlib

from django.db import migrations, models

counts = importlib.import_module("reports.migrations.0004_completion_counts")

DELTA = "reports_cohortcompletiondelta"
COLUMNS = "cohort_id, course_id, required, status, due_on, n"
MEMBERSHIPS = "SELECT user_id, cohort_id FROM people_cohortmembership"
NO_ROWS = "(SELECT NULL::bigint AS id, NULL::bigint AS user_id, NULL::bigint AS cohort_id WHERE false)"


def _enrolment_rows(row: str, sign: str, no_due: str) -> str:
    """The cohort cells (0 when in none) of enrolment `row` with `sign`, if it is current and its person active."""
    return (
        f"INSERT INTO {DELTA} ({COLUMNS}) "
        f"SELECT COALESCE(m.cohort_id, 0), {row}.course_id, {row}.required, {counts._status(row)}, "
        f"{counts._due(row, no_due)}, {sign} FROM people_user u LEFT JOIN people_cohortmembership m ON m.user_id = u.id "
        f"WHERE u.id = {row}.user_id AND u.is_active AND {row}.is_current"
    )


def _person_rows(user: str, sign: str, no_due: str) -> str:
    """Every current enrolment of the person `user` in each of their cohort cells, with `sign`."""
    return (
        f"INSERT INTO {DELTA} ({COLUMNS}) "
        f"SELECT COALESCE(m.cohort_id, 0), e.course_id, e.required, {counts._status('e')}, {counts._due('e', no_due)}, "
        f"{sign} FROM courses_enrolment e LEFT JOIN people_cohortmembership m ON m.user_id = e.user_id "
        f"WHERE e.user_id = {user} AND e.is_current"
    )


def _moved(affected: str, before: str, no_due: str) -> str:
    """The current enrolments of the active people in `affected` leave every cohort they were in (`before`: rows of
    user_id, cohort_id) and enter every one they are in now; no cohort is cohort 0."""

    def side(memberships: str, sign: str) -> str:
        return (
            f"SELECT COALESCE(m.cohort_id, 0), e.course_id, e.required, {counts._status('e')}, "
            f"{counts._due('e', no_due)}, {sign} FROM courses_enrolment e JOIN people_user u ON u.id = e.user_id "
            f"LEFT JOIN ({memberships}) m ON m.user_id = e.user_id "
            f"WHERE e.is_current AND u.is_active AND e.user_id IN ({affected})"
        )

    now = f"{MEMBERSHIPS} WHERE user_id IN ({affected})"
    return f"INSERT INTO {DELTA} ({COLUMNS}) {side(before, '-1')} UNION ALL {side(now, '1')}"


def _postgresql_membership(operation: str) -> list[str]:
    old = "old_rows" if operation in ("DELETE", "UPDATE") else f"{NO_ROWS} old_rows"
    new = "new_rows" if operation in ("INSERT", "UPDATE") else f"{NO_ROWS} new_rows"
    affected = f"SELECT user_id FROM {old} UNION SELECT user_id FROM {new}"
    before = (
        f"{MEMBERSHIPS} WHERE user_id IN ({affected}) AND id NOT IN (SELECT id FROM {new}) "
        f"UNION ALL SELECT user_id, cohort_id FROM {old}"
    )
    function = f"reports_membership_{operation.lower()}"
    transition = {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
        "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[operation]
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_moved(affected, before, counts.POSTGRESQL_NO_DUE)};
    RETURN NULL;
END $$""",
        f"CREATE TRIGGER {function} AFTER {operation} ON people_cohortmembership {transition} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


PG_NO_DUE = counts.POSTGRESQL_NO_DUE


def _postgresql_enrolment(with_cohorts: bool) -> str:
    cohort_old = f"{_enrolment_rows('OLD', '-1', PG_NO_DUE)};" if with_cohorts else ""
    cohort_new = f"{_enrolment_rows('NEW', '1', PG_NO_DUE)};" if with_cohorts else ""
    return f"""CREATE OR REPLACE FUNCTION reports_enrolment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN {counts._enrolment_rows("OLD", "-1", PG_NO_DUE)}; {cohort_old} END IF;
    IF TG_OP <> 'DELETE' THEN {counts._enrolment_rows("NEW", "1", PG_NO_DUE)}; {cohort_new} END IF;
    RETURN NULL;
END $$"""


def _postgresql_user(with_cohorts: bool) -> str:
    department = counts._department_of("NEW.id")
    cohort_in = f"{_person_rows('NEW.id', '1', PG_NO_DUE)};" if with_cohorts else ""
    cohort_out = f"{_person_rows('NEW.id', '-1', PG_NO_DUE)};" if with_cohorts else ""
    return f"""CREATE OR REPLACE FUNCTION reports_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_active THEN {counts._person_rows("NEW.id", department, "1", PG_NO_DUE, need_active=False)}; {cohort_in}
    ELSE {counts._person_rows("NEW.id", department, "-1", PG_NO_DUE, need_active=False)}; {cohort_out}
    END IF;
    RETURN NULL;
END $$"""


POSTGRESQL = [
    _postgresql_enrolment(True),
    _postgresql_user(True),
    *_postgresql_membership("INSERT"),
    *_postgresql_membership("DELETE"),
    *_postgresql_membership("UPDATE"),
]
POSTGRESQL_DROP = [
    *[f"DROP TRIGGER IF EXISTS reports_membership_{op} ON people_cohortmembership" for op in ("insert", "delete", "update")],
    *[f"DROP FUNCTION IF EXISTS reports_membership_{op}()" for op in ("insert", "delete", "update")],
    _postgresql_enrolment(False),
    _postgresql_user(False),
]

SQ_NO_DUE = counts.SQLITE_NO_DUE
# SQLite: 0004's enrolment and account triggers again, each with its cohort rows added.
SQLITE_REPLACED = [
    "reports_enrolment_inserted",
    "reports_enrolment_deleted",
    "reports_enrolment_updated",
    "reports_user_activated",
    "reports_user_deactivated",
]


def _sqlite_replacements(with_cohorts: bool) -> list[str]:
    def plus(statement: str) -> str:
        return f" {statement};" if with_cohorts else ""

    department = counts._department_of("NEW.id")
    return [
        f"CREATE TRIGGER reports_enrolment_inserted AFTER INSERT ON courses_enrolment BEGIN "
        f"{counts._enrolment_rows('NEW', '1', SQ_NO_DUE)};{plus(_enrolment_rows('NEW', '1', SQ_NO_DUE))} END",
        f"CREATE TRIGGER reports_enrolment_deleted AFTER DELETE ON courses_enrolment BEGIN "
        f"{counts._enrolment_rows('OLD', '-1', SQ_NO_DUE)};{plus(_enrolment_rows('OLD', '-1', SQ_NO_DUE))} END",
        f"CREATE TRIGGER reports_enrolment_updated AFTER UPDATE ON courses_enrolment WHEN {counts._moved('IS NOT')} "
        f"BEGIN {counts._enrolment_rows('OLD', '-1', SQ_NO_DUE)}; {counts._enrolment_rows('NEW', '1', SQ_NO_DUE)};"
        f"{plus(_enrolment_rows('OLD', '-1', SQ_NO_DUE))}{plus(_enrolment_rows('NEW', '1', SQ_NO_DUE))} END",
        f"CREATE TRIGGER reports_user_activated AFTER UPDATE OF is_active ON people_user "
        f"WHEN NEW.is_active AND NOT OLD.is_active BEGIN "
        f"{counts._person_rows('NEW.id', department, '1', SQ_NO_DUE, need_active=False)};"
        f"{plus(_person_rows('NEW.id', '1', SQ_NO_DUE))} END",
        f"CREATE TRIGGER reports_user_deactivated AFTER UPDATE OF is_active ON people_user "
        f"WHEN OLD.is_active AND NOT NEW.is_active BEGIN "
        f"{counts._person_rows('NEW.id', department, '-1', SQ_NO_DUE, need_active=False)};"
        f"{plus(_person_rows('NEW.id', '-1', SQ_NO_DUE))} END",
    ]


SQLITE_MEMBERSHIP = [
    f"CREATE TRIGGER reports_membership_inserted AFTER INSERT ON people_cohortmembership BEGIN "
    f"{_moved('NEW.user_id', f'{MEMBERSHIPS} WHERE user_id = NEW.user_id AND id <> NEW.id', SQ_NO_DUE)}; END",
    f"CREATE TRIGGER reports_membership_deleted AFTER DELETE ON people_cohortmembership BEGIN "
    f"{_moved('OLD.user_id', f'{MEMBERSHIPS} WHERE user_id = OLD.user_id UNION ALL SELECT OLD.user_id, OLD.cohort_id', SQ_NO_DUE)};"
    f" END",
    f"CREATE TRIGGER reports_membership_updated AFTER UPDATE OF cohort_id, user_id ON people_cohortmembership "
    f"WHEN OLD.cohort_id IS NOT NEW.cohort_id OR OLD.user_id IS NOT NEW.user_id BEGIN "
    f"{_moved('OLD.user_id, NEW.user_id', f'{MEMBERSHIPS} WHERE user_id IN (OLD.user_id, NEW.user_id) AND id <> NEW.id UNION ALL SELECT OLD.user_id, OLD.cohort_id', SQ_NO_DUE)};"
    f" END",
]
SQLITE_MEMBERSHIP_DROP = [
    f"DROP TRIGGER IF EXISTS reports_membership_{name}" for name in ("inserted", "deleted", "updated")
]

# The counts of what is there already, from a live scan.
FILL = (
    f"INSERT INTO reports_cohortcompletioncount ({COLUMNS}) "
    f"SELECT COALESCE(m.cohort_id, 0), e.course_id, e.required, {counts._status('e')}, {counts._due('e', '{no_due}')}, "
    "count(*) FROM courses_enrolment e JOIN people_user u ON u.id = e.user_id "
    "LEFT JOIN people_cohortmembership m ON m.user_id = u.id WHERE e.is_current AND u.is_active GROUP BY 1, 2, 3, 4, 5"
)
FILL_TOTALS = (
    "INSERT INTO reports_cohortcompletiontotal (cohort_id, course_id, required, status, n) "
    "SELECT cohort_id, course_id, required, status, sum(n) FROM reports_cohortcompletioncount "
    "GROUP BY cohort_id, course_id, required, status"
)


def install(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        statements = POSTGRESQL
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_REPLACED]
        statements += _sqlite_replacements(True) + SQLITE_MEMBERSHIP
    for statement in statements:
        schema_editor.execute(statement, params=None)
    no_due = counts.POSTGRESQL_NO_DUE if postgresql else counts.SQLITE_NO_DUE
    schema_editor.execute(FILL.format(no_due=no_due), params=None)
    schema_editor.execute(FILL_TOTALS, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        statements = POSTGRESQL_DROP
    else:
        statements = SQLITE_MEMBERSHIP_DROP + [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_REPLACED]
        statements += _sqlite_replacements(False)
    for statement in statements:
        schema_editor.execute(statement, params=None)


def _cell_fields(*, due: bool, n_default: bool):
    fields = [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("cohort_id", models.BigIntegerField()),
        ("course_id", models.BigIntegerField()),
        ("required", models.BooleanField()),
        (
            "status",
            models.PositiveSmallIntegerField(choices=[(0, "Not started"), (1, "Started"), (2, "Completed")]),
        ),
    ]
    if due:
        fields.append(("due_on", models.DateField()))
    fields.append(("n", models.IntegerField(default=0) if n_default else models.IntegerField()))
    return fields


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_completion_totals"),
        ("people", "0005_security_stamp_and_refusals"),
    ]

    operations = [
        migrations.CreateModel(
            name="CohortCompletionDelta",
            fields=_cell_fields(due=True, n_default=False),
            options={"default_permissions": ()},
        ),
        migrations.CreateModel(
            name="CohortCompletionCount",
            fields=_cell_fields(due=True, n_default=True),
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cohort_id", "course_id", "required", "status", "due_on"),
                        name="cohort_completion_count_cell",
                    )
                ],
                "indexes": [models.Index(fields=["due_on"], name="cohort_completion_due_on")],
            },
        ),
        migrations.CreateModel(
            name="CohortCompletionTotal",
            fields=_cell_fields(due=False, n_default=True),
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cohort_id", "course_id", "required", "status"), name="cohort_completion_total"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
