"""The people CSV import as HR's files exercise it: every kind of bad row with its exact message, spreadsheet
exports (BOM, semicolons), only-valid imports, deactivating people left out, a second import that changes nothing,
invitations that let new people in, and a query count that does not grow with the rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from allauth.account.models import EmailAddress
from freezegun import freeze_time

from bench.management.commands.generate_people_csv import write_people_csv
from courses.models import Enrolment
from people import roles, services
from people.exceptions import ImportRefused
from people.importing import ImportFileError, apply_people_import, plan_people_import
from people.models import AuditLog, CohortMembership, DueRule, Profile, User
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


@pytest.fixture
def organisation(ops, control_room, customer_service, squad):
    return {"ops": ops, "control_room": control_room, "cs": customer_service, "squad": squad}


def _read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def _errors(plan) -> dict[int, list[str]]:
    return {row.line: row.errors for row in plan.error_rows}


def test_every_bad_row_is_listed_with_its_exact_errors(organisation):
    plan = plan_people_import(_read("broken.csv"))
    assert _errors(plan) == {
        2: ["“not-an-email” is not a valid email address."],
        3: ["dup@tarnwick.example appears more than once in the file (lines 3, 4)."],
        4: ["dup@tarnwick.example appears more than once in the file (lines 3, 4)."],
        5: ["Unknown department “Operations/Depots”."],
        6: ["“31/02/2024” is not a valid hire date. Use YYYY-MM-DD, e.g. 2024-03-31."],
        7: ["Manager loop: a@tarnwick.example → b@tarnwick.example → a@tarnwick.example."],
        8: ["Manager loop: b@tarnwick.example → a@tarnwick.example → b@tarnwick.example."],
        9: ["Unknown manager nobody@tarnwick.example: not in the file and not an existing person."],
        10: ["Unknown cohort “NOPE”."],
        11: ["Unknown role “Wizard”. Use Learner, Manager, Trainer or HR."],
        12: ["The manager dup@tarnwick.example is on line 3, which has errors."],
    }
    assert [row.email for row in plan.valid_rows] == ["ok@tarnwick.example"]


def test_a_file_with_errors_writes_nothing_unless_only_valid_rows_are_asked_for(organisation):
    before = User.objects.count()
    plan = plan_people_import(_read("broken.csv"))
    with pytest.raises(ImportRefused) as error:
        apply_people_import(plan)
    assert str(error.value) == "11 rows have errors, so nothing was imported. Fix them, or import only the valid rows."
    assert User.objects.count() == before

    outcome = apply_people_import(plan, only_valid=True)
    assert (outcome.created, outcome.skipped) == (1, 11)
    person = User.objects.get(email="ok@tarnwick.example")
    assert person.profile.department == organisation["ops"] and person.profile.job_title == "Planner"


def test_a_loop_through_an_existing_person_is_caught(organisation):
    boss = make_person("boss@tarnwick.example")
    make_person("deputy@tarnwick.example", manager=boss)
    plan = plan_people_import(b"email,manager_email\nboss@tarnwick.example,deputy@tarnwick.example\n")
    assert _errors(plan) == {
        2: ["Manager loop: boss@tarnwick.example → deputy@tarnwick.example → boss@tarnwick.example."]
    }


def test_a_person_cannot_manage_themselves_in_the_file(organisation):
    plan = plan_people_import(b"email,manager_email\nself@tarnwick.example,SELF@tarnwick.example\n")
    assert _errors(plan) == {2: ["A person cannot be their own manager."]}


def test_the_administrator_role_is_never_given_by_an_import(organisation):
    plan = plan_people_import(b"email,role\nnew.admin@tarnwick.example,Administrator\n")
    assert _errors(plan) == {2: ["The Administrator role cannot be given by an import; use the Users admin."]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"name,department\nAmara,OPS\n", "The file has no \u201cemail\u201d column."),
        (
            b"email,favourite_colour\na@tarnwick.example,blue\n",
            "Unknown column \u201cfavourite_colour\u201d. Use: email, first_name, last_name, department, job_title, "
            "manager_email, cohorts, role, hire_date, audience, active.",
        ),
        (b"email,Email\na@tarnwick.example,a@tarnwick.example\n", "The column \u201cEmail\u201d appears twice."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(organisation, content, message):
    with pytest.raises(ImportFileError) as error:
        plan_people_import(content)
    assert str(error.value) == message


def test_a_file_that_is_not_utf8_is_refused_with_how_to_fix_it(organisation):
    with pytest.raises(ImportFileError) as error:
        plan_people_import(_read("latin1.csv"))
    assert str(error.value) == (
        "The file is not UTF-8 text. In your spreadsheet, save it as \u201cCSV UTF-8\u201d and upload it again."
    )


def test_the_import_writes_people_managers_departments_cohorts_roles_and_hire_dates(organisation):
    plan = plan_people_import(_read("good.csv"))
    assert [row.action for row in plan.rows] == ["create", "create", "create"]
    apply_people_import(plan, send_invitations=False)
    amara = User.objects.get(email="amara.kessie@tarnwick.example")
    tomasz = User.objects.get(email="tomasz.nowak@tarnwick.example")
    jordan = User.objects.get(email="jordan.ellis@tarnwick.example")
    assert (amara.first_name, amara.last_name, amara.is_active) == ("Amara", "Kessie", True)
    assert amara.profile.department == organisation["control_room"]
    assert amara.profile.manager == tomasz and jordan.profile.manager == tomasz
    assert jordan.profile.department == organisation["cs"]  # codes match without regard to case
    assert amara.profile.hire_date == date(2024, 3, 31) and tomasz.profile.hire_date == date(2015, 2, 1)
    assert set(CohortMembership.objects.values_list("user__email", flat=True)) == {amara.email, tomasz.email}
    assert set(tomasz.groups.values_list("name", flat=True)) == {roles.LEARNERS, roles.MANAGERS}
    assert set(amara.groups.values_list("name", flat=True)) == {roles.LEARNERS}
    assert EmailAddress.objects.get(user=amara).primary
    entry = AuditLog.objects.get(action=AuditLog.Action.PEOPLE_IMPORTED)
    assert entry.summary == "Imported a CSV file: 3 created, 0 updated, 0 unchanged, 0 skipped, 0 deactivated."


def test_a_spreadsheet_export_with_bom_and_semicolons_imports_the_same(organisation):
    plan = plan_people_import(_read("spreadsheet_export.csv"))
    assert plan.delimiter == ";" and not plan.error_rows
    apply_people_import(plan, send_invitations=False)
    tomasz = User.objects.get(email="tomasz.nowak@tarnwick.example")
    assert set(tomasz.groups.values_list("name", flat=True)) == {roles.LEARNERS, roles.MANAGERS}
    assert User.objects.get(email="amara.kessie@tarnwick.example").profile.manager == tomasz


def test_importing_the_same_file_again_changes_nothing(organisation):
    apply_people_import(plan_people_import(_read("good.csv")), send_invitations=False)
    stamps = dict(Profile.objects.values_list("user__email", "updated_at"))
    plan = plan_people_import(_read("good.csv"))
    assert [row.action for row in plan.rows] == ["unchanged", "unchanged", "unchanged"]
    outcome = apply_people_import(plan, send_invitations=False)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert dict(Profile.objects.values_list("user__email", "updated_at")) == stamps


def test_a_changed_row_updates_only_that_person(organisation):
    apply_people_import(plan_people_import(_read("good.csv")), send_invitations=False)
    changed = _read("good.csv").replace(b"Jordan,Ellis,cs,Customer Service Adviser", b"Jordan,Ellis,OPS,Planner")
    plan = plan_people_import(changed)
    jordan = next(row for row in plan.rows if row.email == "jordan.ellis@tarnwick.example")
    assert jordan.action == "update" and jordan.changes == ["department", "job_title"]
    outcome = apply_people_import(plan, send_invitations=False)
    assert (outcome.updated, outcome.unchanged) == (1, 2)
    profile = User.objects.get(email="jordan.ellis@tarnwick.example").profile
    assert profile.department == organisation["ops"] and profile.job_title == "Planner"


def test_columns_left_out_keep_what_is_there(organisation):
    person = make_person("kept@tarnwick.example", department=organisation["cs"], first_name="Kwame")
    outcome = apply_people_import(plan_people_import(b"email,job_title\nkept@tarnwick.example,Technician\n"))
    assert outcome.updated == 1
    person.refresh_from_db()
    assert person.first_name == "Kwame" and person.profile.department == organisation["cs"]
    assert person.profile.job_title == "Technician"


def test_people_missing_from_the_file_are_deactivated_only_when_asked(organisation, hr):
    gone = make_person("gone@tarnwick.example")
    admin = make_person("it@tarnwick.example", role=roles.ADMINISTRATORS)
    superuser = User.objects.create_superuser(email="root@tarnwick.example", password="x" * 12)
    plan = plan_people_import(_read("good.csv"), exclude_from_missing=[hr.pk])
    assert set(plan.missing_ids) == {gone.pk}

    apply_people_import(plan, send_invitations=False)
    gone.refresh_from_db()
    assert gone.is_active

    outcome = apply_people_import(
        plan_people_import(_read("good.csv"), exclude_from_missing=[hr.pk]), deactivate_missing=True, actor=hr
    )
    assert outcome.deactivated == 1
    for user, active in ((gone, False), (admin, True), (superuser, True), (hr, True)):
        user.refresh_from_db()
        assert user.is_active is active


def test_a_deactivated_person_listed_again_is_reactivated(organisation):
    person = make_person("back@tarnwick.example")
    services.set_people_active(users=[person], active=False)
    plan = plan_people_import(b"email\nback@tarnwick.example\n")
    assert plan.rows[0].action == "update" and plan.rows[0].changes == ["active"]
    apply_people_import(plan)
    person.refresh_from_db()
    assert person.is_active


def test_new_people_are_invited_and_the_invitation_lets_them_in(
    organisation, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply_people_import(plan_people_import(_read("good.csv")))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amara.kessie@tarnwick.example",
        "jordan.ellis@tarnwick.example",
        "tomasz.nowak@tarnwick.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["amara.kessie@tarnwick.example"])
    assert message.subject == "You are invited to Socialwise"
    link = next(
        word for word in message.body.split() if word.startswith("http://testserver/accounts/password/reset/key/")
    )

    response = client.get(link.removeprefix("http://testserver"), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.removeprefix("http://testserver")
    response = client.post(form_url, {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="amara.kessie@tarnwick.example").verified
    client.logout()
    client.post("/accounts/login/", {"login": "amara.kessie@tarnwick.example", "password": "a-long-new-passphrase"})
    assert "_auth_user_id" in client.session

    # A redelivered task sends nothing twice; a second import invites nobody.
    count = len(mail.outbox)
    services.send_invitations(user_ids=list(User.objects.values_list("pk", flat=True)))
    with django_capture_on_commit_callbacks(execute=True):
        apply_people_import(plan_people_import(_read("good.csv")))
    assert len(mail.outbox) == count


def test_imported_people_get_their_assignments(organisation):
    from tests.factories.courses import make_course_with_modules

    course, _modules = make_course_with_modules(1, title="Every function is on social")
    services.create_assignment(
        course=course, departments=[organisation["ops"]], due_rule=DueRule.AFTER_ASSIGNMENT, due_days=28
    )
    apply_people_import(plan_people_import(_read("good.csv")), send_invitations=False)
    assert set(Enrolment.objects.filter(course=course, required=True).values_list("user__email", flat=True)) == {
        "amara.kessie@tarnwick.example",
        "tomasz.nowak@tarnwick.example",
    }


def _import_queries(tmp_path, rows: int, domain: str) -> int:
    path = tmp_path / f"{rows}.csv"
    write_people_csv(path, rows=rows, domain=domain)
    with CaptureQueriesContext(connection) as queries:
        plan = plan_people_import(path.read_bytes())
        outcome = apply_people_import(plan, send_invitations=False)
    assert outcome.created == rows and not plan.error_rows
    return len(queries)


def test_an_import_takes_a_number_of_queries_that_does_not_grow_with_the_rows(organisation, tmp_path):
    small = _import_queries(tmp_path, 200, "small.example")
    large = _import_queries(tmp_path, 2_000, "large.example")
    # Reading what exists (users with profiles, cohorts, roles, departments) is a fixed handful of queries; writes
    # go in batches: 1,000 rows at a time on PostgreSQL, about 80 on SQLite, which binds at most 999 parameters per
    # query. Either way, ten times the rows is nowhere near ten times the queries, and never a query per row.
    assert small <= 40, small
    assert large <= 100, large
    assert User.objects.filter(email__endswith="@large.example").count() == 2_000
    assert Group.objects.get(name=roles.MANAGERS).user_set.filter(email__endswith="@large.example").count() == 250


# --- The command ----------------------------------------------------------------------------------------------------
def test_the_command_dry_run_reports_and_writes_nothing(organisation, capsys):
    call_command("import_people", str(FILES / "good.csv"), "--dry-run")
    out = capsys.readouterr().out
    assert "3 rows: 3 to create, 0 to update, 0 unchanged, 0 with errors." in out
    assert "Dry run: nothing was written." in out
    assert not User.objects.filter(email="amara.kessie@tarnwick.example").exists()


def test_the_command_refuses_errors_and_imports_valid_rows_when_asked(organisation, capsys):
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(FILES / "broken.csv"))
    assert str(error.value) == "11 rows have errors, so nothing was imported. Fix them, or import only the valid rows."
    assert "Line 5: Unknown department “Operations/Depots”." in capsys.readouterr().err
    call_command("import_people", str(FILES / "broken.csv"), "--only-valid", "--no-invitations")
    assert "Imported: 1 created, 0 updated, 0 unchanged, 11 skipped, 0 deactivated." in capsys.readouterr().out


def test_the_command_names_a_missing_or_unreadable_file(organisation):
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(FILES / "nope.csv"))
    assert str(error.value).startswith("No such file: ")
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(FILES / "latin1.csv"))
    assert "not UTF-8" in str(error.value)


def test_the_plan_lists_the_courses_and_due_dates_each_person_will_get(organisation):
    from tests.factories.courses import make_course_with_modules

    crisis, _ = make_course_with_modules(1, title="Crisis response")
    social, _ = make_course_with_modules(1, title="Every function is on social")
    with freeze_time("2026-11-01"):
        services.create_assignment(
            course=crisis, cohorts=[organisation["squad"]], due_rule=DueRule.FIXED, due_on=date(2026, 12, 5)
        )
        services.create_assignment(
            course=social, departments=[organisation["ops"]], due_rule=DueRule.AFTER_HIRE, due_days=30, required=False
        )
    with freeze_time("2026-12-06"):
        plan = plan_people_import(_read("good.csv"))
        enrolments = {row.email: [(e.course, e.due_on, e.required) for e in row.enrolments] for row in plan.rows}
        assert enrolments == {
            # joins SQUAD after 5 Dec: due 14 days after joining; in Operations, hired 31 Mar 2024
            "amara.kessie@tarnwick.example": [
                ("Every function is on social", date(2024, 4, 30), False),
                ("Crisis response", date(2026, 12, 20), True),
            ],
            "tomasz.nowak@tarnwick.example": [
                ("Every function is on social", date(2015, 3, 3), False),
                ("Crisis response", date(2026, 12, 20), True),
            ],
            "jordan.ellis@tarnwick.example": [],  # customer service, no cohort
        }
        apply_people_import(plan, send_invitations=False)
    amara = User.objects.get(email="amara.kessie@tarnwick.example")
    assert Enrolment.objects.get(user=amara, course=crisis, is_current=True).due_on == date(2026, 12, 20)
    # Planned again after the import: nothing new to assign.
    with freeze_time("2026-12-07"):
        assert all(row.enrolments == [] for row in plan_people_import(_read("good.csv")).rows)


def test_the_people_export_imports_again_unchanged_and_never_deactivates(organisation, hr, client):
    """The People listing's CSV export (its last column is "active") is a valid import file: nothing changes, an
    inactive person stays inactive, and "no" on someone active is an error on the row, not a deactivation."""
    make_person("here@tarnwick.example", department=organisation["ops"], first_name='=HYPERLINK("x")')
    gone = make_person("gone@tarnwick.example")
    services.set_people_active(users=[gone], active=False)
    client.force_login(hr)
    response = client.get("/admin/people/people/?export=csv&active=")
    exported = b"".join(response.streaming_content)
    assert exported.decode("utf-8-sig").splitlines()[0].endswith(",active")
    assert b"gone@tarnwick.example" in exported

    plan = plan_people_import(exported, actor=hr)
    assert not plan.error_rows
    assert b"'=HYPERLINK" in exported  # neutralised in the file, and taken as the name it stands for on the way back
    assert {row.email: row.action for row in plan.rows} == dict.fromkeys([r.email for r in plan.rows], "unchanged")
    apply_people_import(plan, actor=hr)
    gone.refresh_from_db()
    assert not gone.is_active

    plan = plan_people_import(b"email,active\nhere@tarnwick.example,no\nnew@tarnwick.example,maybe\n", actor=hr)
    assert _errors(plan) == {
        2: ["An import does not deactivate anyone: use the People list's Deactivate action, or leave “active” empty."],
        3: ["“maybe” is not a valid active value. Use yes or no."],
    }


@freeze_time("2026-12-07")
def test_a_hire_date_in_year_9999_or_0001_is_a_row_error():
    """QA: the import accepted hire_date 9999-12-31, and an "after hire" assignment then overflowed (a 500)."""
    plan = plan_people_import(
        b"email,hire_date\nfar@tarnwick.example,9999-12-31\nold@tarnwick.example,0001-01-01\n"
        b"soon@tarnwick.example,2027-06-01\n"
    )
    message = "Choose a date from 01 Jan 1900 to 08 Dec 2027."
    assert _errors(plan) == {2: [f"Hire date “9999-12-31”: {message}"], 3: [f"Hire date “0001-01-01”: {message}"]}
    assert [row.email for row in plan.valid_rows] == ["soon@tarnwick.example"]
