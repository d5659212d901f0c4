"""Uploads and private documents, and log-in, reset and sign-up that never say whether an email has an account."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from people import roles

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_an_svg_image_upload_is_refused_with_a_message(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Logo", "file": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")},
    )
    assert response.status_code == 200
    assert "Not a supported image format" in response.content.decode()
    assert not Image.objects.exists()


def test_a_document_in_a_restricted_collection_is_refused_to_a_learner(client, learner, hr):
    private = Collection.get_first_root_node().add_child(name="HR only")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=roles.HR))
    document = Document(title="Salaries", collection=private)
    document.file.save("salaries.txt", ContentFile(b"Jordan: secret salary"), save=True)
    url = document.url
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code in {302, 403}
    assert b"secret salary" not in getattr(response, "content", b"")
    client.force_login(hr)
    allowed = client.get(url)
    assert allowed.status_code == 200 and b"secret salary" in b"".join(allowed.streaming_content)


def _strip(html: str, email: str) -> str:
    return html.replace(email, "EMAIL")


def test_log_in_says_the_same_for_a_known_and_an_unknown_email(client, learner):
    known = client.post(reverse("account_login"), {"login": learner.email, "password": "wrong-password-1"})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@tarnwick.example", "password": "wrong-password-1"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_a_password_reset_says_the_same_for_a_known_and_an_unknown_email(client, learner):
    known = client.post(reverse("account_reset_password"), {"email": learner.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@tarnwick.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_sign_up_with_an_email_already_taken_says_nothing_more_than_a_new_one(client, learner, settings):
    settings.SIGNUP_OPEN = True
    settings.SIGNUP_EMAIL_DOMAINS = ["tarnwick.example"]
    data = {
        "password1": "a-Long-passphrase-42",
        "password2": "a-Long-passphrase-42",
        "first_name": "A",
        "last_name": "B",
    }
    taken = client.post(reverse("account_signup"), {"email": learner.email, **data})
    client.logout()
    new = client.post(reverse("account_signup"), {"email": "newcomer@tarnwick.example", **data})
    assert taken.status_code == new.status_code, (taken.status_code, new.status_code)
    if taken.status_code == 302:
        assert taken["Location"] == new["Location"]
