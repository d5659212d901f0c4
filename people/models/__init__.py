"""People and their organisation: accounts, departments, cohorts, profiles, assignments, reminders and the audit
log. Split by concern; import from `people.models`."""

from people.models.assignments import (
    Assignment,
    AssignmentMembership,
    AssignmentPerson,
    DueRule,
    Reminder,
)
from people.models.audit import AuditLog, PeopleImport
from people.models.organisation import (
    PATH_SEPARATOR,
    Audience,
    Cohort,
    CohortMembership,
    Department,
    Profile,
    ReportingLine,
    UnmatchedDepartment,
)
from people.models.users import User, UserManager

__all__ = [
    "PATH_SEPARATOR",
    "Assignment",
    "AssignmentMembership",
    "AssignmentPerson",
    "Audience",
    "AuditLog",
    "Cohort",
    "CohortMembership",
    "Department",
    "DueRule",
    "PeopleImport",
    "Profile",
    "Reminder",
    "ReportingLine",
    "UnmatchedDepartment",
    "User",
    "UserManager",
]
