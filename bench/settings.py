"""Settings for benchmark servers: development settings plus a baseline endpoint, never used outside `make bench`."""

from socialwise.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]  # testserver: the report probe uses the test client
MFA_ENFORCED = False
# The load generators (generate_load_data, generate_people_csv, bench_people_import) exist only here.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
