"""Block validation as an editor meets it: the message sits on the field that needs fixing."""

from django.core.files.base import ContentFile

from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from cms.blocks import AccessibleImageBlock, SocialPostBlock
from cms.templatetags.cms_tags import avatar_tone
from courses.blocks import MediaBlock

pytestmark = pytest.mark.django_db


def _errors(block, raw) -> dict[str, str]:
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(raw))
    return {name: " ".join(e.messages) for name, e in caught.value.block_errors.items()}


def _document(name: str):
    return get_document_model().objects.create(title=name, file=ContentFile(b"data", name=name))


def test_an_image_needs_alt_text_unless_it_is_decorative():
    image = get_image_model().objects.create(title="Depot", file=get_test_image_file())
    block = AccessibleImageBlock()
    assert _errors(block, {"image": image.pk, "alt_text": "", "decorative": False, "caption": ""}) == {
        "alt_text": "Describe the image, or mark it as decorative."
    }
    block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True, "caption": ""}))
    block.clean(block.to_python({"image": image.pk, "alt_text": "A green bus.", "decorative": False, "caption": ""}))


def test_a_social_post_handle_starts_with_an_at_sign():
    block = SocialPostBlock()
    raw = {**SocialPostBlock._meta_class.preview_value, "handle": "amara_k", "quoted": "", "image_alt": ""}
    assert _errors(block, raw) == {"handle": "A handle starts with @."}


def test_a_video_needs_captions_and_a_video_file():
    block = MediaBlock()
    audio = _document("talk.mp3")
    raw = {
        "kind": "video",
        "title": "Holding message",
        "file": audio.pk,
        "captions": None,
        "transcript": "<p>Hello.</p>",
    }
    assert _errors(block, raw) == {
        "file": "Choose a video file (mp4, webm).",
        "captions": "A video needs a captions file.",
    }


def test_captions_must_be_webvtt():
    block = MediaBlock()
    raw = {
        "kind": "video",
        "title": "Holding message",
        "file": _document("talk.mp4").pk,
        "captions": _document("talk.srt").pk,
        "transcript": "<p>Hello.</p>",
    }
    assert _errors(block, raw) == {"captions": "Captions must be a WebVTT (.vtt) file."}


def test_a_video_draft_may_wait_for_its_captions():
    block = MediaBlock()
    block.defer_required_validation()  # what Wagtail does when an editor saves a draft
    raw = {
        "kind": "video",
        "title": "Draft",
        "file": _document("clip.webm").pk,
        "captions": None,
        "transcript": "<p>x</p>",
    }
    block.clean(block.to_python(raw))


def test_social_posts_render_as_text_with_counts_and_no_image_of_text():
    block = SocialPostBlock()
    value = block.to_python({**SocialPostBlock._meta_class.preview_value, "quoted": "", "image_alt": "", "likes": 2300})
    html = block.render(value)
    assert "Amara Kessie" in html and "@amara_k" in html and "2,300 likes" in html
    assert "<img" not in html
    assert 'aria-label="Post by Amara Kessie on the microblog"' in html
    # A feed's post: the numbers beside reply, share and like icons, the words kept for screen readers.
    assert html.count('class="social-post__icon"') == 3 and '<span aria-hidden="true">2,300</span>' in html


def test_a_posters_avatar_keeps_one_of_six_tones_by_name():
    tones = {name: avatar_tone(name) for name in ("Amara Kessie", "Dev Okafor", "Marcus Bello", "", "Bea")}
    assert all(1 <= tone <= 6 for tone in tones.values())
    assert avatar_tone(" amara kessie ") == tones["Amara Kessie"]  # the same person, however typed
    assert len(set(tones.values())) > 1
