from tests.xapi.lrs import faulty_lrs, lrs, lrs_server  # noqa: F401  (fixtures)
