"""Practice notes are private: only the author reads them; trainers see done counts and shared notes only."""

from __future__ import annotations

from django.urls import reverse

import pytest

from practice.models import PracticeNote
from tests.factories.courses import make_course_with_modules, make_module

pytestmark = pytest.mark.django_db

TASK = "Find three public posts about our services this week and note what the customer needed."


@pytest.fixture
def task_modules():
    course, _ = make_course_with_modules(0)
    first = make_module(
        course, title="Listening", body=[{"type": "practice_task", "value": {"prompt": TASK, "days": 7}}]
    )
    second = make_module(course, title="Replying")
    first.refresh_from_db()
    return first, second, first.body[0].id


def save(client, module, block_id, **data):
    return client.post(reverse("practice:note-save", args=[module.pk, block_id]), data, follow=True)


def test_learner_saves_notes_and_the_next_module_opens_with_them(client, learner, task_modules):
    first, second, block_id = task_modules
    client.force_login(learner)
    page = client.get(first.url).content.decode()
    assert TASK in page and "Only you can see your notes" in page
    response = save(client, first, block_id, text="A delayed train, a lost bag.", done="on")
    assert "Your notes are saved. Only you can see them." in response.content.decode()
    note = PracticeNote.objects.get(user=learner)
    assert note.done_at is not None and not note.shared_with_trainer
    next_page = client.get(second.url).content.decode()
    assert "Looking back on your practice" in next_page
    assert "A delayed train, a lost bag." in next_page


def test_another_learner_never_sees_my_notes(client, learner, other_learner, task_modules):
    first, second, block_id = task_modules
    client.force_login(learner)
    save(client, first, block_id, text="My private observation.")
    client.force_login(other_learner)
    assert "My private observation." not in client.get(first.url).content.decode()
    assert "My private observation." not in client.get(second.url).content.decode()


@pytest.mark.parametrize("role", ["trainer", "manager", "hr"])
def test_trainer_manager_and_hr_cannot_read_unshared_notes(request, client, learner, task_modules, role):
    first, second, block_id = task_modules
    client.force_login(learner)
    save(client, first, block_id, text="My private observation.", done="on")
    staff = request.getfixturevalue(role)
    client.force_login(staff)
    for url in (first.url, second.url, reverse("courses:dashboard"), "/admin/practice/tasks/"):
        assert "My private observation." not in client.get(url).content.decode()


def test_trainers_see_done_counts_and_only_shared_notes(client, learner, other_learner, trainer, task_modules):
    first, _second, block_id = task_modules
    client.force_login(learner)
    save(client, first, block_id, text="Kept to myself.", done="on")
    client.force_login(other_learner)
    response = save(client, first, block_id, text="Happy to share this.", shared="on")
    assert "Your notes are saved and shared with the trainer." in response.content.decode()
    client.force_login(trainer)
    page = client.get("/admin/practice/tasks/").content.decode()
    assert "Happy to share this." in page
    assert "Kept to myself." not in page
    assert "1 shared note" in page


@pytest.mark.parametrize("role,status", [("learner", 403), ("manager", 403), ("trainer", 200), ("hr", 200)])
def test_practice_task_overview_is_for_trainers_and_hr(request, client, role, status):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get("/admin/practice/tasks/")
    assert response.status_code in ({status} if status == 200 else {302, 403})


def test_sharing_empty_notes_is_refused(client, learner, task_modules):
    first, _second, block_id = task_modules
    client.force_login(learner)
    response = save(client, first, block_id, text="  ", shared="on")
    assert "Write your notes before sharing them with the trainer." in response.content.decode()
    assert not PracticeNote.objects.exists()


def test_notes_on_an_unknown_task_are_refused(client, learner, task_modules):
    first, _second, _block_id = task_modules
    client.force_login(learner)
    response = save(client, first, "nope", text="Hello")
    assert "This practice task is not part of the module." in response.content.decode()
    assert not PracticeNote.objects.exists()
