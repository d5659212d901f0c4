"""Racing requests on a real PostgreSQL: the row lock and unique constraints merge them into one record."""

import threading

from django.db import connection, connections

import pytest

from courses import services
from courses.models import Enrolment, ModuleProgress, ProgressState
from tests.conftest import require
from tests.factories.courses import make_course_with_modules

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _race(n, target):
    barrier = threading.Barrier(n)
    errors = []

    def run(i):
        try:
            barrier.wait()
            target(i)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_eight_simultaneous_completions_record_one_row_and_one_completion(learner):
    require(connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database to run the race tests")
    course, modules = make_course_with_modules(1)
    errors = _race(8, lambda i: services.record_module_completion(user=learner, module=modules[0]))
    assert errors == []
    enrolments = Enrolment.objects.filter(user=learner, course=course)
    assert enrolments.count() == 1
    assert ModuleProgress.objects.filter(module=modules[0]).count() == 1
    assert enrolments.get().completed_at is not None


def test_a_visit_racing_a_completion_ends_completed(learner):
    require(connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database to run the race tests")
    _course, modules = make_course_with_modules(2)

    def act(i):
        if i % 2:
            services.record_module_visit(user=learner, module=modules[0])
        else:
            services.record_module_completion(user=learner, module=modules[0])

    assert _race(10, act) == []
    progress = ModuleProgress.objects.get(module=modules[0])
    assert progress.state == ProgressState.COMPLETED
    assert Enrolment.objects.get(user=learner).progress_percent == 50
