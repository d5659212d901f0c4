"""Adding many rows of one model to Wagtail's search index at once, for bulk writes (which send no signals, so
Wagtail indexes nothing by itself).

Wagtail's database backend on PostgreSQL builds one tsvector expression per field per row in Python and sends them
as a VALUES list, then updates every new row again to set its title norm (each update rewriting the row in three GIN indexes), once
per batch: a 20,000-question import spent about 20 s there. `index_in_bulk` writes the same index rows, title norm
included, with one INSERT … SELECT over the model's own table (the vectors computed by PostgreSQL from the
columns). One difference: the backend's refresh also sets the norm of any older row still at 1.0; this leaves
those to the backend's next refresh. It builds the statement
from the model's `search_fields` the way the backend's `ObjectIndexer` does; a model whose search fields are not all
plain text columns of its own table, and every other backend (SQLite, tests), goes through the backend's own
`add_bulk`. tests/cms/test_search_index.py checks that both give the same rows."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router

from wagtail.search.backends import get_search_backends
from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.search.backends.database.postgres.weights import get_weight
from wagtail.search.index import AutocompleteField, FilterField, SearchField
from wagtail.search.models import IndexEntry

BATCH = 1000  # rows per add_bulk call where the backend's own path is used


def index_in_bulk(model: type[models.Model], pks: Sequence[int]) -> None:
    """Add (or refresh) the rows of `model` with these primary keys in every search backend."""
    if not pks:
        return
    for backend in get_search_backends():
        statement = _insert_select(backend, model)
        if statement is None:
            rows = list(model._default_manager.filter(pk__in=pks).order_by("pk"))
            for start in range(0, len(rows), BATCH):
                backend.add_bulk(model, rows[start : start + BATCH])
            continue
        sql, params = statement
        with connections[router.db_for_write(IndexEntry)].cursor() as cursor:
            cursor.execute(sql, [*params, list(pks)])


def _insert_select(backend, model: type[models.Model]) -> tuple[str, list] | None:
    """The INSERT … SELECT that writes `model`'s index rows on PostgreSQL, or None where it does not apply."""
    if not isinstance(backend, PostgresSearchBackend):
        return None
    table_db = router.db_for_write(IndexEntry)
    if connections[table_db].vendor != "postgresql" or router.db_for_read(model) != table_db:
        return None
    title, body, autocomplete = [], [], []
    for field in model.get_search_fields():
        if not isinstance(field, SearchField | AutocompleteField):
            if isinstance(field, FilterField):
                continue  # filters read the model's own table, not the index
            return None  # related fields: leave them to the backend
        column = _text_column(model, field, connections[table_db])
        if column is None:
            return None  # a computed field: leave it to the backend
        if isinstance(field, SearchField):
            (title if field.field_name == "title" else body).append((column, get_weight(field.boost)))
        elif isinstance(field, AutocompleteField):
            autocomplete.append((column, "D"))
    params: list = []

    def vector(parts: list[tuple[str, str]], config: str | None) -> str:
        # One setweight(to_tsvector(…)) per field, joined with ||: what SearchVector(…, weight=…) + … compiles to.
        if not parts:
            return "to_tsvector('')"
        pieces = []
        for column, weight in parts:
            if config:
                pieces.append(f"setweight(to_tsvector(%s::regconfig, COALESCE(q.{column}, '')), %s)")
                params.extend([config, weight])
            else:
                pieces.append(f"setweight(to_tsvector(COALESCE(q.{column}, '')), %s)")
                params.append(weight)
        return " || ".join(pieces)

    def plain(parts: list[tuple[str, str]]) -> str:
        # " ".join of the stripped, non-empty values (title_text and body_text, for trigram search).
        if not parts:
            return "''"
        trimmed = [
            f"NULLIF(regexp_replace(COALESCE(q.{column}, ''), '^\\s+|\\s+$', '', 'g'), '')" for column, _ in parts
        ]
        return f"COALESCE(concat_ws(' ', {', '.join(trimmed)}), '')"

    title_sql = vector(title, backend.config)
    autocomplete_sql = vector(autocomplete, backend.autocomplete_config)
    body_sql = vector(body, backend.config)
    title_text, body_text = plain(title), plain(body)
    content_type = ContentType.objects.db_manager(table_db).get_for_model(model).pk
    pk_column = connections[table_db].ops.quote_name(model._meta.pk.column)
    # title_norm as the backend's _refresh_title_norms sets it for new rows: the average title length (in lexemes)
    # of every indexed row with a title, these included, over this row's own.
    ct = int(content_type)
    sql = f"""
        WITH new AS (
            SELECT {ct} AS content_type_id, q.{pk_column}::text AS object_id, {title_sql} AS title,
                   {autocomplete_sql} AS autocomplete, {body_sql} AS body, {title_text} AS title_text,
                   {body_text} AS body_text
            FROM {model._meta.db_table} q
            WHERE q.{pk_column} = ANY(%s)
        ), lengths AS (
            SELECT length(e.title) AS n FROM {IndexEntry._meta.db_table} e
            WHERE length(e.title) > 0
              AND NOT (e.content_type_id = {ct} AND e.object_id IN (SELECT object_id FROM new))
            UNION ALL
            SELECT length(new.title) FROM new WHERE length(new.title) > 0
        ), average AS (
            SELECT avg(n)::float AS lavg FROM lengths
        )
        INSERT INTO {IndexEntry._meta.db_table}
            (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
        SELECT new.content_type_id, new.object_id, new.title, new.autocomplete, new.body,
               CASE WHEN length(new.title) > 0 THEN average.lavg / length(new.title) ELSE 1.0 END,
               new.title_text, new.body_text
        FROM new, average
        ON CONFLICT (content_type_id, object_id)
        DO UPDATE SET title = EXCLUDED.title, title_norm = EXCLUDED.title_norm, autocomplete = EXCLUDED.autocomplete,
                      body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
    """  # noqa: S608 - table and column names come from the model's _meta, values are parameters
    return sql, params


def _text_column(model: type[models.Model], field, connection) -> str | None:
    """The quoted column of a search field that is a text column of the model's own table, else None."""
    try:
        model_field = model._meta.get_field(field.field_name)
    except Exception:  # noqa: BLE001 - a method or property: not a column
        return None
    if not isinstance(model_field, models.CharField | models.TextField) or model_field.model is not model:
        return None
    return connection.ops.quote_name(model_field.column)
