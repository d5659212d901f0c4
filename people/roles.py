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

# The role names a file, an identity provider or a SCIM client may write (case does not matter). Administrators is
# not among them: only the CSV import (HR's own file, people/importing.py) and an explicit SSO role map name it.
GRANTABLE_ROLE_NAMES = {
    "learner": LEARNERS,
    "learners": LEARNERS,
    "manager": MANAGERS,
    "managers": MANAGERS,
    "trainer": TRAINERS,
    "trainers": TRAINERS,
    "hr": HR,
}

ROLE_LABELS = {
    LEARNERS: _("Learner"),
    MANAGERS: _("Manager"),
    TRAINERS: _("Trainer"),
    HR: _("HR"),
    ADMINISTRATORS: _("Administrator"),
}
