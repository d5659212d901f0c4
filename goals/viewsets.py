"""The "Goals" admin menu: objectives (HR every team's, a manager their own department's, goals/access.py) and each
department's hourly cost (HR)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from goals import access, services
from goals.forms import ObjectiveForm
from goals.models import HourlyCost, Objective


class ScopedObjectives:
    """Every objective view reaches only the objectives goals/access.py gives the user: another team's id is 404."""

    def get_base_queryset(self):
        return access.editable_objectives(self.request.user).select_related("department", "cohort")

    def get_queryset(self):
        return access.editable_objectives(self.request.user)


class ObjectiveSaveMixin:
    def save_instance(self):
        return services.save_objective(
            objective=self.form.save(commit=False),
            actor=self.request.user,
            courses=self.form.cleaned_data.get("courses", []),
        )


class ObjectiveIndexView(ScopedObjectives, generic.IndexView):
    @cached_property
    def columns(self):
        return [
            *super().columns,
            TitleColumn(
                "values_link",  # not "values": the table template reads `columns.values`
                label=_("Values"),
                accessor=lambda o: _("Values and import"),
                get_url=lambda o: reverse("goals_values", args=[o.pk]),
            ),
        ]


class ObjectiveCreateView(ObjectiveSaveMixin, generic.CreateView):
    pass


class ObjectiveEditView(ScopedObjectives, ObjectiveSaveMixin, generic.EditView):
    pass


class ObjectiveDeleteView(ScopedObjectives, generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not access.manages_all(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ObjectiveHistoryView(ScopedObjectives, generic.HistoryView):
    pass


class ObjectiveUsageView(ScopedObjectives, generic.UsageView):
    pass


class ObjectiveViewSet(ModelViewSet):
    model = Objective
    name = "goals_objective"
    url_prefix = "goals/objective"
    icon = "crosshairs"
    menu_label = _("Objectives")
    index_view_class = ObjectiveIndexView
    add_view_class = ObjectiveCreateView
    edit_view_class = ObjectiveEditView
    delete_view_class = ObjectiveDeleteView
    history_view_class = ObjectiveHistoryView
    usage_view_class = ObjectiveUsageView
    copy_view_enabled = False
    list_display = [
        "title",
        "team_label",
        "metric",
        "review_on",
    ]
    list_filter = ["direction", "frequency"]
    search_fields = ["title", "metric"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("department"), FieldPanel("cohort")], heading=_("Whose objective")),
            MultiFieldPanel(
                [
                    FieldPanel("metric"),
                    FieldRowPanel([FieldPanel("unit"), FieldPanel("direction"), FieldPanel("frequency")]),
                ],
                heading=_("Metric"),
            ),
            FieldRowPanel(
                [FieldPanel("baseline_value"), FieldPanel("baseline_from"), FieldPanel("baseline_to")],
                heading=_("Baseline and its period"),
            ),
            FieldRowPanel([FieldPanel("target_value"), FieldPanel("review_on")], heading=_("Target")),
            FieldPanel("courses"),
        ],
        base_form_class=ObjectiveForm,
    )


class HourlyCostViewSet(ModelViewSet):
    model = HourlyCost
    name = "goals_hourlycost"
    url_prefix = "goals/hourly-cost"
    icon = "tag"
    menu_label = _("Hourly costs")
    copy_view_enabled = False
    list_display = ["department", "amount"]
    panels = [FieldPanel("department"), FieldPanel("amount")]


class GoalsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Goals")
    menu_icon = "crosshairs"
    menu_order = 340
    items = (ObjectiveViewSet, HourlyCostViewSet)
