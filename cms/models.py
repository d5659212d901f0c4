from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, PageBodyStreamBlock
from cms.page_form import PageForm


class HomePage(Page):
    """The site's root page: a welcome for visitors and a way in to "My learning" for people signed in."""

    base_form_class = PageForm

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(PageBodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain page: house rules, help, privacy notice."""

    base_form_class = PageForm

    intro = models.TextField(blank=True, max_length=500)
    body = StreamField(PageBodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation's name, logo and support address, shown in the layout and in emails. No personal data."""

    organisation_name = models.CharField(max_length=120, default="Socialwise")
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    logo_alt_text = models.CharField(max_length=125, blank=True)
    support_email = models.EmailField(blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        FieldPanel("logo_alt_text"),
        FieldPanel("support_email"),
    ]

    class Meta:
        verbose_name = _("organisation")
