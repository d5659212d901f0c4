"""PostgreSQL's JIT compiler off for this database. The manager's scope is a recursive query whose size PostgreSQL
cannot estimate (it guesses millions of rows for a team of a thousand), which pushes My team, the team reports and
the digest over `jit_above_cost`: each statement then spent 1.4 s compiling before a 0.1 s execution (EXPLAIN
ANALYZE at 100,000 learners). Short OLTP statements never gain from JIT. Set per database so that every connection
gets it, PgBouncer's included; where the migrating role may not alter the database, the server's `jit=off`
(deploy/compose.yaml) does the same and this step only says so."""

from django.db import migrations

OFF = """DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'Not allowed to alter database %: set jit = off on the server.', current_database();
END $$"""
RESET = """DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
EXCEPTION WHEN insufficient_privilege THEN NULL;
END $$"""


def jit_off(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OFF, params=None)


def jit_reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET, params=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_cohort_completion_counts")]

    operations = [migrations.RunPython(jit_off, jit_reset, elidable=False)]
