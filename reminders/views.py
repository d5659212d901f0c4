from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reminders import services
from reminders.forms import OptionalEmailsForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The learner's email preferences: optional emails are theirs; required-training reminders are shown, not
    offered (HR decides them in the admin)."""
    preference = services.preference_for(user=request.user)
    if request.method == "POST":
        form = OptionalEmailsForm(request.POST)
        if form.is_valid():
            services.set_optional_emails(user=request.user, enabled=form.cleaned_data["optional_emails"])
            messages.success(request, _("Your email preferences have been saved."))
            return redirect("reminders:preferences")
    else:
        form = OptionalEmailsForm(initial={"optional_emails": preference.optional_emails})
    return render(request, "reminders/preferences.html", {"form": form, "preference": preference})
