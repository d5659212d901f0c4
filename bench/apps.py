from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks' load generators (management commands). Installed only by bench/settings.py, never in
    production: nothing in the project imports this package."""

    name = "bench"
    verbose_name = "Benchmarks"
