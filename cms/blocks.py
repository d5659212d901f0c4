"""Blocks used by more than one app (module bodies, scenario steps, plain pages)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

PLATFORM_CHOICES = [
    ("microblog", _("Microblog")),
    ("photo app", _("Photo app")),
    ("community group", _("Community group")),
    ("internal network", _("Internal network")),
]
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


COUNT_LIMIT = 10**9  # a post's likes, shares or replies: more than any real post, and never 10^20 in a layout


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "cms/blocks/heading_block.html"
        description = _("A section heading that says what the section does.")
        preview_value = "Why silence is also a message"
        form_classname = "title"


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/text_block.html"
        description = _("Paragraphs and lists.")
        preview_value = "<p>Short paragraphs, one idea each.</p>"


class AccessibleImageBlock(blocks.StructBlock):
    """An image that cannot be saved without alt text, unless marked decorative."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=125, help_text=_("What matters in the image, in at most 125 characters.")
    )
    decorative = blocks.BooleanBlock(required=False, help_text=_("Purely decorative: screen readers skip it."))
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError(_("Describe the image, or mark it as decorative."))}
            )
        return value

    class Meta:
        icon = "image"
        template = "cms/blocks/image_block.html"
        description = _("An image with alt text and an optional caption.")


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Key points", max_length=80)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/key_points_block.html"
        description = _("A short list of the points to remember.")
        preview_value = {"heading": "In short", "points": ["Listen before you post.", "Answer in public."]}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=[("tip", _("Tip")), ("warning", _("Warning"))], default="tip")
    title = blocks.CharBlock(max_length=120)
    text = TextBlock()

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout_block.html"
        description = _("A tip or a warning set apart from the text.")
        preview_value = {"kind": "tip", "title": "Try it this week", "text": "<p>Follow three customer accounts.</p>"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote_block.html"
        description = _("A quotation or a worked example.")
        preview_value = {"quote": "We answer in public first.", "attribution": "Customer Service Manager"}


class SocialPostBlock(blocks.StructBlock):
    """A mock post on a fictional platform, rendered as HTML text (never a picture of text)."""

    display_name = blocks.CharBlock(max_length=80)
    handle = blocks.CharBlock(max_length=60, help_text=_("For example @TarnwickTransit."))
    platform = blocks.ChoiceBlock(choices=PLATFORM_CHOICES, default="microblog")
    posted_at = blocks.CharBlock(max_length=40, help_text=_("Story time, e.g. “Tue 18:52”."))
    text = blocks.TextBlock(max_length=1000)
    quoted = blocks.TextBlock(required=False, help_text=_("The post this one quotes, if any."))
    image_alt = blocks.CharBlock(
        required=False, max_length=125, help_text=_("If the post carries a photo, describe it in words.")
    )
    likes = blocks.IntegerBlock(min_value=0, max_value=COUNT_LIMIT, default=0)
    shares = blocks.IntegerBlock(min_value=0, max_value=COUNT_LIMIT, default=0)
    replies = blocks.IntegerBlock(min_value=0, max_value=COUNT_LIMIT, default=0)

    def clean(self, value):
        value = super().clean(value)
        handle = (value.get("handle") or "").strip()
        if handle and not handle.startswith("@"):
            raise StructBlockValidationError(block_errors={"handle": ValidationError(_("A handle starts with @."))})
        return value

    class Meta:
        icon = "comment"
        template = "cms/blocks/social_post_block.html"
        description = _("A mock social media post shown as accessible text.")
        preview_value = {
            "display_name": "Amara Kessie",
            "handle": "@amara_k",
            "platform": "microblog",
            "posted_at": "Tue 18:52",
            "text": "Forty minutes sitting outside Hollin. What is going on?",
            "likes": 86,
            "shares": 31,
            "replies": 14,
        }


class PageBodyStreamBlock(blocks.StreamBlock):
    """The body of plain pages."""

    heading = HeadingBlock()
    text = TextBlock()
    image = AccessibleImageBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
