"""The maintained completion counts per direct manager (0: none) × department × course × required × status × due-date
bucket, so a manager's reports read counts instead of scanning every enrolment of their reporting line. Triggers of
their own beside 0004's and 0006's (the same events, plus a change of manager): an enrolment inserted, deleted or
moved between cells; an account deactivated or reactivated; a profile made, deleted, or moved to another department
or manager. A move higher up the tree changes no cell: each person counts under their direct manager, and a reader
sums the cells of every manager in the reporting line. The SQL is written out here, frozen with the migration."""

import importlib

from django.db import migrations, models

counts = importlib.import_module("reports.migrations.0004_completion_counts")

DELTA = "reports_teamcompletiondelta"
COLUMNS = "manager_id, department_id, course_id, required, status, due_on, n"


def _enrolment_rows(row: str, sign: str, no_due: str) -> str:
    """The team cell of enrolment `row` (OLD or NEW) with `sign`, if it is current and its person active."""
    return (
        f"INSERT INTO {DELTA} ({COLUMNS}) "
        f"SELECT COALESCE(p.manager_id, 0), COALESCE(p.department_id, 0), {row}.course_id, {row}.required, "
        f"{counts._status(row)}, {counts._due(row, no_due)}, {sign} "
        f"FROM people_user u LEFT JOIN people_profile p ON p.user_id = u.id "
        f"WHERE u.id = {row}.user_id AND u.is_active AND {row}.is_current"
    )


def _person_rows(user: str, manager: str, department: str, sign: str, no_due: str, *, need_active: bool = True) -> str:
    """Every current enrolment of the person `user`, under `manager` in `department`, with `sign`."""
    active = " AND u.is_active" if need_active else ""
    return (
        f"INSERT INTO {DELTA} ({COLUMNS}) "
        f"SELECT {manager}, {department}, e.course_id, e.required, {counts._status('e')}, {counts._due('e', no_due)}, "
        f"{sign} FROM courses_enrolment e JOIN people_user u ON u.id = e.user_id "
        f"WHERE e.user_id = {user} AND e.is_current{active}"
    )


HEADCOUNT = "reports_teamheadcount"


def _headcount_of_profile(row: str, sign: str) -> str:
    """Profile `row` (OLD or NEW) counted (`sign`) under its manager, if its person is active."""
    return (
        f"INSERT INTO {HEADCOUNT} (manager_id, n) SELECT COALESCE({row}.manager_id, 0), {sign} "
        f"FROM people_user u WHERE u.id = {row}.user_id AND u.is_active"
    )


def _headcount_of_person(user: str, sign: str) -> str:
    """The person `user` counted (`sign`) under the manager of their profile, if they have one."""
    return (
        f"INSERT INTO {HEADCOUNT} (manager_id, n) SELECT COALESCE(p.manager_id, 0), {sign} "
        f"FROM people_profile p WHERE p.user_id = {user}"
    )


def _profile_of(user: str, column: str) -> str:
    return f"COALESCE((SELECT {column} FROM people_profile WHERE user_id = {user}), 0)"


def _profile_rows(no_due: str) -> tuple[list[str], list[str]]:
    """What a profile's removal (OLD) and arrival (NEW) do: a person without a profile counts under manager 0 and
    department 0."""
    out = [
        _person_rows("OLD.user_id", "COALESCE(OLD.manager_id, 0)", "COALESCE(OLD.department_id, 0)", "-1", no_due),
        _person_rows("OLD.user_id", "0", "0", "1", no_due),
    ]
    into = [
        _person_rows("NEW.user_id", "0", "0", "-1", no_due),
        _person_rows("NEW.user_id", "COALESCE(NEW.manager_id, 0)", "COALESCE(NEW.department_id, 0)", "1", no_due),
    ]
    return out, into


PG_NO_DUE = counts.POSTGRESQL_NO_DUE
PG_OUT, PG_INTO = _profile_rows(PG_NO_DUE)
PROFILE_MOVED = (
    "OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.manager_id IS DISTINCT FROM NEW.manager_id "
    "OR OLD.user_id IS DISTINCT FROM NEW.user_id"
)
POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION reports_team_enrolment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN {_enrolment_rows("OLD", "-1", PG_NO_DUE)}; END IF;
    IF TG_OP <> 'DELETE' THEN {_enrolment_rows("NEW", "1", PG_NO_DUE)}; END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER reports_team_enrolment_counted AFTER INSERT OR DELETE ON courses_enrolment "
    "FOR EACH ROW EXECUTE FUNCTION reports_team_enrolment_changed()",
    f"CREATE TRIGGER reports_team_enrolment_recounted AFTER UPDATE ON courses_enrolment "
    f"FOR EACH ROW WHEN ({counts._moved('IS DISTINCT FROM')}) EXECUTE FUNCTION reports_team_enrolment_changed()",
    f"""CREATE OR REPLACE FUNCTION reports_team_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.is_active THEN {_person_rows("NEW.id", _profile_of("NEW.id", "manager_id"), _profile_of("NEW.id", "department_id"), "1", PG_NO_DUE, need_active=False)};
        {_headcount_of_person("NEW.id", "1")};
    ELSE {_person_rows("NEW.id", _profile_of("NEW.id", "manager_id"), _profile_of("NEW.id", "department_id"), "-1", PG_NO_DUE, need_active=False)};
        {_headcount_of_person("NEW.id", "-1")};
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER reports_team_user_counted AFTER UPDATE OF is_active ON people_user "
    "FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active) EXECUTE FUNCTION reports_team_user_changed()",
    f"""CREATE OR REPLACE FUNCTION reports_team_profile_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN {PG_OUT[0]}; {PG_OUT[1]}; {_headcount_of_profile("OLD", "-1")}; END IF;
    IF TG_OP <> 'DELETE' THEN {PG_INTO[0]}; {PG_INTO[1]}; {_headcount_of_profile("NEW", "1")}; END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER reports_team_profile_counted AFTER INSERT OR DELETE ON people_profile "
    "FOR EACH ROW EXECUTE FUNCTION reports_team_profile_changed()",
    f"CREATE TRIGGER reports_team_profile_moved AFTER UPDATE OF department_id, manager_id, user_id ON people_profile "
    f"FOR EACH ROW WHEN ({PROFILE_MOVED}) EXECUTE FUNCTION reports_team_profile_changed()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS reports_team_enrolment_counted ON courses_enrolment",
    "DROP TRIGGER IF EXISTS reports_team_enrolment_recounted ON courses_enrolment",
    "DROP TRIGGER IF EXISTS reports_team_user_counted ON people_user",
    "DROP TRIGGER IF EXISTS reports_team_profile_counted ON people_profile",
    "DROP TRIGGER IF EXISTS reports_team_profile_moved ON people_profile",
    "DROP FUNCTION IF EXISTS reports_team_enrolment_changed()",
    "DROP FUNCTION IF EXISTS reports_team_user_changed()",
    "DROP FUNCTION IF EXISTS reports_team_profile_changed()",
]

SQ_NO_DUE = counts.SQLITE_NO_DUE
SQ_OUT, SQ_INTO = _profile_rows(SQ_NO_DUE)
SQ_MANAGER, SQ_DEPARTMENT = _profile_of("NEW.id", "manager_id"), _profile_of("NEW.id", "department_id")
SQLITE = [
    f"CREATE TRIGGER reports_team_enrolment_inserted AFTER INSERT ON courses_enrolment BEGIN "
    f"{_enrolment_rows('NEW', '1', SQ_NO_DUE)}; END",
    f"CREATE TRIGGER reports_team_enrolment_deleted AFTER DELETE ON courses_enrolment BEGIN "
    f"{_enrolment_rows('OLD', '-1', SQ_NO_DUE)}; END",
    f"CREATE TRIGGER reports_team_enrolment_updated AFTER UPDATE ON courses_enrolment WHEN {counts._moved('IS NOT')} "
    f"BEGIN {_enrolment_rows('OLD', '-1', SQ_NO_DUE)}; {_enrolment_rows('NEW', '1', SQ_NO_DUE)}; END",
    f"CREATE TRIGGER reports_team_user_activated AFTER UPDATE OF is_active ON people_user "
    f"WHEN NEW.is_active AND NOT OLD.is_active BEGIN "
    f"{_person_rows('NEW.id', SQ_MANAGER, SQ_DEPARTMENT, '1', SQ_NO_DUE, need_active=False)}; "
    f"{_headcount_of_person('NEW.id', '1')}; END",
    f"CREATE TRIGGER reports_team_user_deactivated AFTER UPDATE OF is_active ON people_user "
    f"WHEN OLD.is_active AND NOT NEW.is_active BEGIN "
    f"{_person_rows('NEW.id', SQ_MANAGER, SQ_DEPARTMENT, '-1', SQ_NO_DUE, need_active=False)}; "
    f"{_headcount_of_person('NEW.id', '-1')}; END",
    f"CREATE TRIGGER reports_team_profile_inserted AFTER INSERT ON people_profile BEGIN "
    f"{SQ_INTO[0]}; {SQ_INTO[1]}; {_headcount_of_profile('NEW', '1')}; END",
    f"CREATE TRIGGER reports_team_profile_deleted AFTER DELETE ON people_profile BEGIN {SQ_OUT[0]}; {SQ_OUT[1]}; "
    f"{_headcount_of_profile('OLD', '-1')}; END",
    f"CREATE TRIGGER reports_team_profile_moved AFTER UPDATE OF department_id, manager_id, user_id ON people_profile "
    f"WHEN OLD.department_id IS NOT NEW.department_id OR OLD.manager_id IS NOT NEW.manager_id "
    f"OR OLD.user_id IS NOT NEW.user_id BEGIN {SQ_OUT[0]}; {SQ_OUT[1]}; {_headcount_of_profile('OLD', '-1')}; "
    f"{SQ_INTO[0]}; {SQ_INTO[1]}; {_headcount_of_profile('NEW', '1')}; END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS reports_team_{name}"
    for name in (
        "enrolment_inserted",
        "enrolment_deleted",
        "enrolment_updated",
        "user_activated",
        "user_deactivated",
        "profile_inserted",
        "profile_deleted",
        "profile_moved",
    )
]

# The counts of what is there already, as the reconcile's live scan computes them, and their totals.
FILL = (
    f"INSERT INTO reports_teamcompletioncount ({COLUMNS}) "
    f"SELECT COALESCE(p.manager_id, 0), COALESCE(p.department_id, 0), e.course_id, e.required, {counts._status('e')}, "
    f"{counts._due('e', '{no_due}')}, count(*) FROM courses_enrolment e JOIN people_user u ON u.id = e.user_id "
    "LEFT JOIN people_profile p ON p.user_id = u.id WHERE e.is_current AND u.is_active GROUP BY 1, 2, 3, 4, 5, 6"
)
FILL_HEADCOUNT = (
    f"INSERT INTO {HEADCOUNT} (manager_id, n) SELECT COALESCE(p.manager_id, 0), count(*) FROM people_profile p "
    "JOIN people_user u ON u.id = p.user_id WHERE u.is_active GROUP BY 1"
)
FILL_TOTALS = (
    "INSERT INTO reports_teamcompletiontotal (manager_id, department_id, course_id, required, status, n) "
    "SELECT manager_id, department_id, course_id, required, status, sum(n) FROM reports_teamcompletioncount "
    "GROUP BY manager_id, department_id, course_id, required, status"
)


def install(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        schema_editor.execute(statement, params=None)
    schema_editor.execute(FILL.format(no_due=PG_NO_DUE if postgresql else SQ_NO_DUE), params=None)
    schema_editor.execute(FILL_TOTALS, params=None)
    schema_editor.execute(FILL_HEADCOUNT, params=None)


def uninstall(apps, schema_editor):
    for statement in POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement, params=None)


def _cell_fields(*, due: bool, n_default: bool):
    fields = [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("manager_id", models.BigIntegerField()),
        ("department_id", models.BigIntegerField()),
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
        ("reports", "0007_postgresql_without_jit"),
        ("people", "0010_user_name_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="TeamCompletionDelta",
            fields=_cell_fields(due=True, n_default=False),
            options={"default_permissions": ()},
        ),
        migrations.CreateModel(
            name="TeamCompletionCount",
            fields=_cell_fields(due=True, n_default=True),
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("manager_id", "department_id", "course_id", "required", "status", "due_on"),
                        name="team_completion_count_cell",
                    )
                ],
                "indexes": [models.Index(fields=["due_on"], name="team_completion_due_on")],
            },
        ),
        migrations.CreateModel(
            name="TeamCompletionTotal",
            fields=_cell_fields(due=False, n_default=True),
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("manager_id", "department_id", "course_id", "required", "status"),
                        name="team_completion_total",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TeamHeadcount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("manager_id", models.BigIntegerField()),
                ("n", models.IntegerField()),
            ],
            options={
                "default_permissions": (),
                "indexes": [models.Index(fields=["manager_id"], name="team_headcount_manager")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
