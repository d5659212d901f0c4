"""Searching the question list in the admin (every search was a 500: the index cannot order by the bank's name)."""

from __future__ import annotations

import pytest

from tests.factories.quizzes import import_gift

pytestmark = pytest.mark.django_db


def test_searching_the_question_list_finds_the_question(client, hr):
    from django.contrib.auth.models import Group

    from people import roles

    trainer = hr
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    import_gift("::Tone::Which tone fits a complaint?{=Calm ~Angry}\n\n::Other::Something else?{T}")
    client.force_login(trainer)
    for query in ("tone", "complaint", "tone&ordering=-updated_at"):
        response = client.get(f"/admin/snippets/quizzes/question/?q={query}")
        assert response.status_code == 200, query
        assert "Which tone fits a complaint?" in response.content.decode() or "Tone" in response.content.decode()
