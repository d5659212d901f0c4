"""Blocks of a module's body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from cms.blocks import (
    AccessibleImageBlock,
    CalloutBlock,
    HeadingBlock,
    KeyPointsBlock,
    QuoteBlock,
    SocialPostBlock,
    TextBlock,
)

MEDIA_EXTENSIONS = {"video": {"mp4", "webm"}, "audio": {"mp3", "ogg", "m4a", "wav"}}


class ReflectionBlock(blocks.StructBlock):
    """A question the learner answers in a private text box; the answer is saved per learner and block."""

    prompt = blocks.TextBlock(max_length=500)

    class Meta:
        icon = "edit"
        template = "courses/blocks/reflection_block.html"
        description = _("A question the learner answers privately.")
        preview_value = {"prompt": "When did a customer last reach your team through social media?"}


class PracticeTaskBlock(blocks.StructBlock):
    """A task for the days until the next module (e.g. "find three public posts about our services this week"). The
    learner keeps private notes on it (the `practice` app stores them); the next module opens with those notes."""

    prompt = blocks.TextBlock(max_length=600, help_text=_("What to do in the days until the next module."))
    days = blocks.IntegerBlock(min_value=1, max_value=60, default=7, help_text=_("Days the learner has for the task."))

    class Meta:
        icon = "calendar-check"
        template = "courses/blocks/practice_task_block.html"
        description = _("A practice task for the days until the next module, with the learner's private notes.")
        preview_value = {
            "prompt": "Find three public posts about our services this week and note what the customer needed.",
            "days": 7,
        }


class MediaBlock(blocks.StructBlock):
    """Uploaded video or audio. A transcript is required; captions (WebVTT) are required for video."""

    kind = blocks.ChoiceBlock(choices=[("video", _("Video")), ("audio", _("Audio"))], default="video")
    title = blocks.CharBlock(max_length=120)
    file = DocumentChooserBlock(help_text=_("An MP4 or WebM video, or an MP3, OGG or M4A audio file."))
    captions = DocumentChooserBlock(required=False, help_text=_("A WebVTT (.vtt) captions file."))
    transcript = TextBlock(help_text=_("The full transcript, shown below the player."))

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        kind = value.get("kind")
        media = value.get("file")
        if media is not None and media.file_extension.lower() not in MEDIA_EXTENSIONS.get(kind, set()):
            allowed = ", ".join(sorted(MEDIA_EXTENSIONS[kind]))
            errors["file"] = ValidationError(
                _("Choose a %(kind)s file (%(allowed)s).") % {"kind": kind, "allowed": allowed}
            )
        captions = value.get("captions")
        if kind == "video" and captions is None and not self.is_deferred_validation:
            errors["captions"] = ValidationError(_("A video needs a captions file."))
        if captions is not None and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(_("Captions must be a WebVTT (.vtt) file."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        template = "courses/blocks/media_block.html"
        description = _("A video or audio recording with captions and a transcript. Nothing autoplays.")


class ModuleBodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = TextBlock()
    image = AccessibleImageBlock()
    key_points = KeyPointsBlock()
    callout = CalloutBlock()
    social_post = SocialPostBlock()
    quote = QuoteBlock()
    reflection = ReflectionBlock()
    media = MediaBlock()
    practice_task = PracticeTaskBlock()
