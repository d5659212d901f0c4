"""What reports change: export jobs (asked for, made, expired) and the weekly digest (sent once per person and
week). Views, tasks and commands call these; every one is safe to repeat, since Celery may deliver a task twice."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from analytics import exports
from cms.models import OrganisationSettings
from people.models import User
from people.selectors import unmatched_sso_departments
from reports import selectors
from reports.definitions import REPORTS, report_request
from reports.models import (
    COHORT_COUNTS,
    DEPARTMENT_COUNTS,
    PAST_DUE_DATE,
    TEAM_COUNTS,
    CohortCompletionCount,
    CompletionCount,
    CountFamily,
    DigestSent,
    ExportFormat,
    ExportJob,
    TeamCompletionCount,
    TeamHeadcount,
)
from socialwise.celery import queue_on_commit, send_when_possible

if TYPE_CHECKING:
    from collections.abc import Iterable

logger = logging.getLogger(__name__)

EXPORT_PARAMS_MAX = 2000
EXPORT_FAILED_MESSAGE = "The export could not be made. Try again, or ask an administrator to look at the logs."


# --- Exports ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def request_export(
    *, user: User, report: str, params: str, export_format: str, rows_expected: int, title: str
) -> ExportJob:
    """Record an export for `user` and queue the task that makes it (once this transaction commits). The filters
    travel as the report's query string; the task applies them again with the user's scope at that moment."""
    if report not in REPORTS:
        raise ValueError(f"Unknown report {report!r}")
    job = ExportJob(
        requested_by=user,
        report=report,
        title=title[:200],
        params=params[:EXPORT_PARAMS_MAX],
        format=export_format,
        rows_expected=rows_expected,
    )
    job.full_clean()
    job.save()
    from reports.tasks import run_export as run_export_task

    queue_on_commit(run_export_task, job_id=job.pk)
    return job


@transaction.atomic
def _claim_export(*, job_id: int) -> ExportJob | None:
    """Lock the job and mark it running, unless it is finished (a redelivered task then does nothing)."""
    job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None
    job.status = ExportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.rows_written = 0
    job.save(update_fields=["status", "started_at", "rows_written"])
    return job


@transaction.atomic
def _finish_export(*, job: ExportJob, name: str, rows: int) -> ExportJob:
    locked = ExportJob.objects.select_for_update().get(pk=job.pk)
    now = timezone.now()
    locked.file.name = name
    locked.rows_written = rows
    locked.status = ExportJob.Status.DONE
    locked.finished_at = now
    locked.expires_at = now + timedelta(hours=settings.REPORTS_EXPORT_TTL_HOURS)
    locked.full_clean()
    locked.save(update_fields=["file", "rows_written", "status", "finished_at", "expires_at"])
    return locked


def export_file_name(job: ExportJob) -> str:
    """One name per job: a redelivered task overwrites its own file instead of leaving a second one."""
    return f"exports/{job.report}-{job.pk}.{job.format}"


def run_export(*, job_id: int, today: date | None = None) -> ExportJob | None:
    """Make the export file of a pending or interrupted job, reporting progress as it goes. Repeating the call once
    the job is done (or failed) changes nothing; a job interrupted mid-way starts again from the top and overwrites
    its own file. Not one transaction: the file can take minutes, so the claim, the progress and the finish each
    commit on their own."""
    job = _claim_export(job_id=job_id)
    if job is None:
        return None
    report = REPORTS[job.report]
    request = report_request(
        report=report, user=job.requested_by, data=QueryDict(job.params), today=today or timezone.localdate()
    )
    storage = job.file.storage
    name = export_file_name(job)

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_written=rows)

    try:
        # The file is made in a nameless local temporary file (gone with the process, even one killed mid-way), then
        # stored whole under the job's own name through the storage API, so the same code writes to a local folder
        # or to a bucket that every worker host shares.
        with tempfile.TemporaryFile() as output:
            selected = report.select(request)
            rows = report.export_rows(selected, request)
            if job.format == ExportFormat.CSV:
                exports.write_csv(output, report.headings, rows, progress=progress)
            else:
                exports.write_xlsx(output, report.headings, rows, sheet_title=str(report.title), progress=progress)
            output.seek(0)
            stored = storage.save(name, File(output, name=name))
    except OperationalError:
        # The database went away: the task retries, and the job starts again from the top.
        _discard(storage, name)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.PENDING)
        raise
    except Exception:
        logger.exception("Export %s of report %s failed", job.pk, job.report)
        _discard(storage, name)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=EXPORT_FAILED_MESSAGE, finished_at=timezone.now()
        )
        return ExportJob.objects.get(pk=job.pk)
    written = ExportJob.objects.values_list("rows_written", flat=True).get(pk=job.pk)
    return _finish_export(job=job, name=stored, rows=written)


def _discard(storage: Storage, name: str) -> None:
    """Remove whatever a failed attempt may have left under the job's name (a store cut off half-way). The job is not
    done, so nothing there is a file anyone may download."""
    try:
        storage.delete(name)
    except Exception:  # the storage itself may be what failed; the job's status still has to be recorded
        logger.warning("Could not remove the partial export %s", name, exc_info=True)


def delete_expired_exports(*, now=None) -> int:
    """Delete the files of exports whose link has expired (the rows stay, marked expired, for the record).
    Idempotent. Returns how many files went."""
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file=""):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        removed += 1
    return removed


# --- Weekly digest ---------------------------------------------------------------------------------------------------
def digest_period(today: date) -> str:
    """The ISO week a digest belongs to, e.g. "2026-W07"."""
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


def digest_recipients() -> Iterable[User]:
    """Active people who may see reports: HR (everyone) and managers with at least one person reporting to them.
    Two queries."""
    from django.contrib.auth.models import Permission

    permissions = list(
        Permission.objects.filter(
            content_type__app_label="reports", codename__in=["view_all_reports", "view_team_reports"]
        ).values_list("pk", flat=True)
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions))
        .distinct()
        .order_by("pk")
    )


@dataclass
class DigestRun:
    period: str
    queued: int = 0


def send_weekly_digests(*, today: date | None = None) -> DigestRun:
    """Queue one digest per recipient for this week. Safe to run again: each digest claims its own row."""
    today = today or timezone.localdate()
    run = DigestRun(period=digest_period(today))
    from reports.tasks import send_weekly_digest as send_weekly_digest_task

    for user_id in digest_recipients().values_list("pk", flat=True):
        send_when_possible(send_weekly_digest_task, user_id=user_id, period=run.period)
        run.queued += 1
    return run


def _organisation_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return OrganisationSettings.for_site(site).organisation_name if site else "Socialwise"


@transaction.atomic
def send_weekly_digest(*, recipient: User, period: str, today: date | None = None) -> bool:
    """Email `recipient` the digest of their reports' scope for `period`, once: the DigestSent row is claimed and
    locked before the email goes out and marked sent with it, so a task that runs again (or twice at once) sends
    nothing more; an SMTP error rolls back and the task retries. Returns whether an email went out."""
    DigestSent.objects.get_or_create(recipient=recipient, period=period)
    marker = DigestSent.objects.select_for_update().get(recipient=recipient, period=period)
    if marker.sent_at is not None:
        return False
    if not recipient.is_active or not selectors.can_view_reports(recipient):
        return False
    scope = selectors.report_scope(user=recipient)
    if not selectors.scope_has_people(scope=scope):
        return False  # a manager with nobody reporting to them has nothing to read
    today = today or timezone.localdate()
    summary = selectors.digest_summary(scope=scope, today=today)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "recipient": recipient,
        "organisation": _organisation_name(),
        "summary": summary,
        "everyone": scope.everyone,
        "period": period,
        "today": today,
        "reports_url": f"{base}{reverse('reports:completion')}",
        "overdue_url": f"{base}{reverse('reports:overdue')}",
        # HR (the whole organisation) also hears of departments single sign-on named that match none here.
        "unmatched_departments": unmatched_sso_departments() if scope.everyone else [],
        "goals": selectors.digest_goals(user=recipient),
        "goals_url": f"{base}{reverse('goals_report')}",
    }
    subject = _("%(organisation)s: weekly learning digest") % {"organisation": context["organisation"]}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reports/email/weekly_digest.txt", context),
        to=[recipient.email],
    )
    message.attach_alternative(render_to_string("reports/email/weekly_digest.html", context), "text/html")
    message.send()
    marker.sent_at = timezone.now()
    marker.save(update_fields=["sent_at"])
    return True


# --- Personal data (policy in reports/apps.py) -----------------------------------------------------------------------
def erase_exports_of(user: User) -> None:
    """A report export is a download for the person who asked; nobody else may fetch it, so it goes with them."""
    for job in ExportJob.objects.filter(requested_by=user):
        if job.file:
            job.file.delete(save=False)
        job.delete()


# --- Maintained completion counts ------------------------------------------------------------------------------------
COUNT_FAMILIES = (DEPARTMENT_COUNTS, COHORT_COUNTS, TEAM_COUNTS)
COUNT_KEY = DEPARTMENT_COUNTS.key

# Folds and reconciles take this lock (PostgreSQL), so two of them never sum the same rows twice.
COUNTS_LOCK = 2101


def fold_completion_deltas(*, today: date | None = None) -> int:
    """Move the pending delta rows into the counts (departments, cohorts and teams), merge the due-date buckets already
    past into one (an unfinished enrolment past its due date stays overdue on every later day, so the day no longer
    matters), drop cells at zero and rebuild the totals; returns how many deltas were folded. On PostgreSQL the
    deltas move in one statement (a delta committed meanwhile is either folded and deleted or left for next time,
    never lost) under a lock that keeps folds one at a time; SQLite serialises writers anyway. Safe to repeat and to
    run beside writers, who only ever insert deltas."""
    today = today or timezone.localdate()
    folded = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COUNTS_LOCK])
        for family in COUNT_FAMILIES:
            folded += _fold(cursor, family, today)
        _fold_headcount(cursor)
    return folded


HEADCOUNT = TeamHeadcount._meta.db_table


def _fold_headcount(cursor) -> None:
    """The ±1 rows of the team headcount summed into one row per manager (none for a manager left with nobody)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            f"WITH moved AS (DELETE FROM {HEADCOUNT} RETURNING manager_id, n) "  # noqa: S608 - constants
            f"INSERT INTO {HEADCOUNT} (manager_id, n) SELECT manager_id, sum(n) FROM moved GROUP BY manager_id "
            "HAVING sum(n) <> 0"
        )
        return
    cursor.execute(f"SELECT max(id) FROM {HEADCOUNT}")  # noqa: S608 - constants
    last = cursor.fetchone()[0]
    if last is not None:
        cursor.execute(
            f"INSERT INTO {HEADCOUNT} (manager_id, n) SELECT manager_id, sum(n) FROM {HEADCOUNT} "  # noqa: S608
            "WHERE id <= %s GROUP BY manager_id HAVING sum(n) <> 0",
            [last],
        )
        cursor.execute(f"DELETE FROM {HEADCOUNT} WHERE id <= %s", [last])  # noqa: S608 - constants


def stored_headcounts() -> dict[int, int]:
    """{manager id (0: none): active people reporting directly to them} from the team headcount. One query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT manager_id, sum(n) FROM {HEADCOUNT} GROUP BY manager_id")  # noqa: S608 - constants
        return {manager: int(n) for manager, n in cursor.fetchall() if n}


def _reconcile_headcount() -> Drift:
    live = selectors.live_headcounts()
    stored = stored_headcounts()
    wrong = {key: (stored.get(key, 0), live.get(key, 0)) for key in stored.keys() | live.keys()}
    wrong = {key: counts for key, counts in wrong.items() if counts[0] != counts[1]}
    if wrong:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {HEADCOUNT}")  # noqa: S608 - constants
        TeamHeadcount.objects.bulk_create(
            [TeamHeadcount(manager_id=manager, n=n) for manager, n in live.items()], batch_size=5000
        )
    return Drift(
        cells=len(live),
        wrong_cells=len(wrong),
        off_by=sum(abs(a - b) for a, b in wrong.values()),
        examples=sorted(wrong.items())[:10],
    )


def _fold(cursor, family: CountFamily, today: date) -> int:
    key = ", ".join(family.key)
    cells = family.counts
    upsert = f"ON CONFLICT ({key}) DO UPDATE SET n = {cells}.n + excluded.n"
    if connection.vendor == "postgresql":
        cursor.execute(
            f"WITH moved AS (DELETE FROM {family.deltas} RETURNING {key}, n), "  # noqa: S608 - constants
            f"folded AS (INSERT INTO {cells} ({key}, n) "
            f"SELECT {key}, sum(n) FROM moved GROUP BY {key} {upsert} RETURNING 1) "
            f"SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM folded)"
        )
        folded = cursor.fetchone()[0]
    else:
        cursor.execute(f"SELECT max(id), count(*) FROM {family.deltas}")  # noqa: S608 - constants
        last, folded = cursor.fetchone()
        if last is not None:
            cursor.execute(
                f"INSERT INTO {cells} ({key}, n) "  # noqa: S608 - constants
                f"SELECT {key}, sum(n) FROM {family.deltas} WHERE id <= %s GROUP BY {key} {upsert}",
                [last],
            )
            cursor.execute(f"DELETE FROM {family.deltas} WHERE id <= %s", [last])  # noqa: S608 - constants
    past = date.fromisoformat(PAST_DUE_DATE)
    group = f"{family.group}, course_id, required, status"
    cursor.execute(
        f"INSERT INTO {cells} ({key}, n) "  # noqa: S608 - constants
        f"SELECT {group}, %s, sum(n) FROM {cells} WHERE due_on < %s AND due_on > %s GROUP BY {group} {upsert}",
        [past, today, past],
    )
    cursor.execute(f"DELETE FROM {cells} WHERE due_on < %s AND due_on > %s", [today, past])  # noqa: S608
    cursor.execute(f"DELETE FROM {cells} WHERE n = 0")  # noqa: S608 - constants
    _rebuild_totals(cursor, family)
    return folded


def _rebuild_totals(cursor, family: CountFamily) -> None:
    """The totals as the counts' sums over due dates, inside the caller's transaction (so a reader sees both tables
    at the same fold)."""
    group = f"{family.group}, course_id, required, status"
    cursor.execute(f"DELETE FROM {family.totals}")  # noqa: S608 - constants
    cursor.execute(
        f"INSERT INTO {family.totals} ({group}, n) "  # noqa: S608 - constants
        f"SELECT {group}, sum(n) FROM {family.counts} GROUP BY {group} HAVING sum(n) <> 0"
    )


@dataclass
class Drift:
    """What the reconcile found: cells compared, cells that differed (and were repaired) and the absolute number of
    enrolments they were off by, over every kind of counts; `examples` name the kind first."""

    cells: int
    wrong_cells: int
    off_by: int
    examples: list[tuple]


@transaction.atomic
def reconcile_completion_counts(*, today: date | None = None) -> Drift:
    """Compare every counted cell (departments, cohorts and teams, deltas folded in) and the team headcount with a
    live scan and make the counts equal to it; returns and logs the drift. Writers that would add a delta wait while it runs
    (PostgreSQL: the delta tables are locked against inserts; SQLite: one writer at a time), so the scan and the
    counts describe the same moment. Nightly; safe to repeat."""
    today = today or timezone.localdate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join([*(family.deltas for family in COUNT_FAMILIES), HEADCOUNT])
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
    fold_completion_deltas(today=today)
    drift = Drift(cells=0, wrong_cells=0, off_by=0, examples=[])
    checks = [(family.name, lambda family=family: _reconcile(family, today)) for family in COUNT_FAMILIES]
    for name, check in [*checks, ("team headcount", _reconcile_headcount)]:
        found = check()
        drift.cells += found.cells
        drift.wrong_cells += found.wrong_cells
        drift.off_by += found.off_by
        drift.examples += [(name, *example) for example in found.examples]
        if found.wrong_cells:
            logger.warning(
                "Completion counts by %s drifted: %d of %d cells were wrong by %d enrolments in all (repaired); "
                "first: %s",
                name,
                found.wrong_cells,
                found.cells,
                found.off_by,
                found.examples[:3],
            )
    if not drift.wrong_cells:
        logger.info("Completion counts match the live scan (%d cells).", drift.cells)
    return drift


def stored_completion_cells(family: CountFamily = DEPARTMENT_COUNTS) -> dict[tuple, int]:
    """Every stored cell of `family` as {key: n} (the deltas not folded in). One query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(family.key)}, n FROM {family.counts}")  # noqa: S608 - constants
        return {(*groups, c, bool(r), s, _as_date(d)): n for *groups, c, r, s, d, n in cursor.fetchall()}


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _reconcile(family: CountFamily, today: date) -> Drift:
    live = selectors.live_completion_cells(today=today, group=family.name)
    stored = stored_completion_cells(family)
    wrong = {key: (stored.get(key, 0), live.get(key, 0)) for key in stored.keys() | live.keys()}
    wrong = {key: counts for key, counts in wrong.items() if counts[0] != counts[1]}
    where = " AND ".join(f"{column} = %s" for column in family.key)
    if wrong:
        model = {
            DEPARTMENT_COUNTS: CompletionCount,
            COHORT_COUNTS: CohortCompletionCount,
            TEAM_COUNTS: TeamCompletionCount,
        }[family]
        with connection.cursor() as cursor:
            # In bulk: after a load without the triggers every cell may be wrong (100,000 at a million learners).
            cursor.executemany(f"DELETE FROM {family.counts} WHERE {where}", [list(cell) for cell in wrong])  # noqa: S608
            model.objects.bulk_create(
                [model(**dict(zip(family.key, cell, strict=True)), n=n) for cell, (_was, n) in wrong.items() if n],
                batch_size=5000,
            )
            _rebuild_totals(cursor, family)
    return Drift(
        cells=len(live),
        wrong_cells=len(wrong),
        off_by=sum(abs(a - b) for a, b in wrong.values()),
        examples=sorted(wrong.items())[:10],
    )
