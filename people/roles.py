"""The roles a person can hold, as Django groups made by a data migration (people/migrations/0002_roles.py). Who may
change whose account is decided in people/privileges.py."""

from django.utils.translation import gettext_lazy as _

LEARNERS = "Learners"
MANAGERS = "Managers"
TRAINERS = "Trainers"
HR = "HR"
ADMINISTRATORS = "Administrators"

ALL_ROLES = [LEARNERS, MANAGERS, TRAINERS, HR, ADMINISTRATORS]

# Roles whose members work in Wagtail's admin.
ADMIN_ROLES = [TRAINERS, HR, ADMINISTRATORS]

ROLE_LABELS = {
    LEARNERS: _("Learner"),
    MANAGERS: _("Manager"),
    TRAINERS: _("Trainer"),
    HR: _("HR"),
    ADMINISTRATORS: _("Administrator"),
}
