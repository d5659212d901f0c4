"""Metric values by hand, by CSV (the people import's upload → preview → confirm flow and words) and their history:
the same period twice is one row, a correction keeps the earlier figure, hostile values are clear errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from analytics.csv_import import ImportFileError
from goals import services
from goals.exceptions import ValueRefused
from goals.models import MetricImport, MetricValue, MetricValueRevision
from goals.values import parse_period, parse_value

pytestmark = pytest.mark.django_db


def test_the_same_period_twice_updates_one_row_and_keeps_the_history(org):
    objective = org["cs_objective"]
    first = services.record_metric_value(
        objective=objective, period=date(2026, 3, 4), value=Decimal(1100), source="By hand", actor=org["hr"]
    )
    again = services.record_metric_value(objective=objective, period=date(2026, 3, 2), value=Decimal(1100), source="x")
    corrected = services.record_metric_value(
        objective=objective, period=date(2026, 3, 8), value=Decimal(1050), source="CSV: calls.csv"
    )
    assert (first.action, again.action, corrected.action) == ("created", "unchanged", "updated")
    row = MetricValue.objects.get()
    assert row.period_start == date(2026, 3, 2) and row.value == 1050 and row.source == "CSV: calls.csv"
    assert list(MetricValueRevision.objects.values_list("previous", "value")) == [(None, 1100), (1100, 1050)]


@pytest.mark.parametrize(
    "raw",
    [
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1e20",
        "100000000000000000000",
        "1;2",
        "=cmd|' /C calc'!A0",
        "12\x00",
        "",
        "1.2.3",
    ],
)
def test_hostile_values_are_clear_errors(raw):
    value, problem = parse_value(raw)
    assert value is None and problem


def test_hostile_json_values_and_dates_are_clear_errors():
    for raw in (float("nan"), float("inf"), 10**20, True, None, [1], {"a": 1}):
        assert parse_value(raw)[0] is None
    assert parse_value(1150)[0] == Decimal(1150) and parse_value("1,150.5")[0] == Decimal("1150.5")
    for raw in ("9999-01-01", "1999-12-31", "2026-02-30", "tomorrow", "2026-03-02\x00", 20260302):
        assert parse_period(raw)[0] is None and parse_period(raw)[1]


def test_a_service_call_with_an_out_of_range_value_writes_nothing(org):
    with pytest.raises(ValueRefused):
        services.record_metric_value(
            objective=org["cs_objective"], period=date(2026, 3, 2), value=Decimal(10) ** 20, source="x"
        )
    with pytest.raises(ValueRefused):
        services.record_metric_value(
            objective=org["cs_objective"], period=date(9999, 3, 2), value=Decimal(1), source="x"
        )
    assert not MetricValue.objects.exists()


CSV = (
    "Period;Value;Note\n"
    "2026-03-02;1100;\n"
    "09/03/2026;1,050;after the pinned how-to\n"
    "2026-03-11;1000;same week as line 3\n"
    "9999-01-01;5;\n"
    "2026-03-23;NaN;\n"
    "2026-03-30;1e20;\n"
    "2026-04-06;'=1+2;\n"
)


def test_the_plan_lists_every_row_error_in_plain_words(org):
    plan = services.plan_metric_import(CSV, objective=org["cs_objective"])
    assert plan.delimiter == ";"
    errors = {row.line: row.errors for row in plan.error_rows}
    assert set(errors) == {4, 5, 6, 7, 8}
    assert "The same period as line 3" in errors[4][0]
    assert "2000" in errors[5][0]
    assert "not a number" in errors[6][0] and "not a number" in errors[7][0]
    assert "not a number" in errors[8][0]  # the export's guard is taken off, and "=1+2" is no number
    assert [(r.line, r.action) for r in plan.valid_rows] == [(2, "create"), (3, "create")]
    assert not MetricValue.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe1", "not UTF-8"),
        (b"period,value\n2026-03-02,1\x00\n", "Line 2 contains a NUL character"),
        (b"", "The file is empty"),
        (b"value\n1\n", "no “period” column"),
        (b"period,value,colour\n2026-03-02,1,red\n", "Unknown column"),
        (b"period,value,week\n", "appears twice"),
    ],
)
def test_file_level_errors(org, content, message):
    from analytics.csv_import import decode_csv

    with pytest.raises(ImportFileError) as error:
        services.plan_metric_import(decode_csv(content), objective=org["cs_objective"])
    assert message in str(error.value)


def test_the_admin_import_previews_refuses_then_imports_only_the_valid_rows(client, org):
    client.force_login(org["hr"])
    objective = org["cs_objective"]
    response = client.post(
        f"/admin/goals/objectives/{objective.pk}/import/",
        {"file": SimpleUploadedFile("calls.csv", CSV.encode("utf-8-sig"), content_type="text/csv")},
    )
    upload = MetricImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/goals/imports/{upload.pk}/")
    preview = client.get(response["Location"]).content.decode()
    assert "5 rows with errors" in preview and "The same period as line 3" in preview
    refused = client.post(response["Location"], {"confirm": "1"})
    assert "5 rows have errors, so nothing was imported" in refused.content.decode()
    assert not MetricValue.objects.exists()
    done = client.post(response["Location"], {"confirm": "1", "only_valid": "on"})
    assert done.status_code == 302
    assert "2 new, 0 corrected, 0 unchanged, 5 skipped." in client.get(done["Location"]).content.decode()
    assert MetricValue.objects.count() == 2
    upload.refresh_from_db()
    assert upload.content == "" and upload.applied_at is not None
    again = client.post(response["Location"], {"confirm": "1", "only_valid": "on"})
    assert again.status_code == 302 and MetricValue.objects.count() == 2  # a second confirm imports nothing more


def test_a_value_by_hand_and_its_correction_show_on_the_values_page(client, org):
    client.force_login(org["hr"])
    url = f"/admin/goals/objectives/{org['cs_objective'].pk}/values/"
    assert client.post(url, {"period": "2026-03-04", "value": "1100"}).status_code == 302
    assert client.post(url, {"period": "2026-03-02", "value": "1090", "note": "=HYPERLINK()"}).status_code == 302
    bad = client.post(url, {"period": "9999-12-31", "value": "Infinity"})
    assert bad.status_code == 200 and "2099" in bad.content.decode() and "not a number" in bad.content.decode()
    page = client.get(url).content.decode()
    assert "1100 → 1090" in page and "1 correction is kept" in page
    assert MetricValue.objects.get().note == "=HYPERLINK()"  # kept as text; every export neutralises it
