"""The roles a person can hold, as Django groups made by a data migration (people/migrations/0002_roles.py)."""

LEARNERS = "Learners"
MANAGERS = "Managers"
TRAINERS = "Trainers"
HR = "HR"
ADMINISTRATORS = "Administrators"

ALL_ROLES = [LEARNERS, MANAGERS, TRAINERS, HR, ADMINISTRATORS]

# Roles whose members work in Wagtail's admin.
ADMIN_ROLES = [TRAINERS, HR, ADMINISTRATORS]
