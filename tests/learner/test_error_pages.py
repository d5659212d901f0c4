"""A learner who follows an old link, opens a page that is not theirs, or sends an expired form reads what happened
and how to go on, in the site's look (production settings serve these templates: DEBUG is off)."""

from __future__ import annotations

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db


def test_an_old_link_is_a_404_in_the_sites_look_with_the_way_back(client, learner):
    client.force_login(learner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page and 'href="/learning/"' in page and "My learning" in page


def test_a_page_for_another_role_says_why_in_the_sites_look(client, learner):
    client.force_login(learner)
    response = client.get("/team/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is not open to you" in page and 'href="/learning/"' in page


def test_an_expired_form_says_so_and_leads_to_sign_in():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.example", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page and 'href="/accounts/login/"' in page and "DEBUG" not in page
