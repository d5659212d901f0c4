"""Settings of the capacity test's server (bench/load.py): the benchmark settings plus what production has and the
benchmark settings turn off: two-factor authentication enforced for staff roles. Passwords use Django's default
(production) hasher, which neither these settings nor bench/settings.py override (only the test settings do)."""

from bench.settings import *  # noqa: F403

MFA_ENFORCED = True
