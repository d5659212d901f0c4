"""The scenario map panel of the scenario editor: drawn first from the saved page, then redrawn by
static/js/scenario_map.js from the unsaved form as the trainer edits (the script also turns every “Leads to” field
into a select of the scenario's blocks)."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from quizzes import scenario_map as maps


class ScenarioMapPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Scenario map"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "quizzes/admin/scenario_map_panel.html"

        class Media:
            js = ["js/scenario_map.js"]
            css = {"all": ["css/scenario_map.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            page_id = str(page.pk) if page.pk else ""
            panel = maps.panel_context(page.editor_spec(), pass_mark=page.pass_mark, page_id=page_id)
            context.update(panel)
            context["map_url"] = reverse("quizzes_scenario_map")
            context["page_id"] = page_id
            context["targets_json"] = json.dumps(panel["map"].targets())
            return context
