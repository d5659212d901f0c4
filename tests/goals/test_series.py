"""The report's maths, pure: equal windows either side of the 50 % week, the direction of "better", the baseline
actually observed, progress towards the target, the days thresholds were reached, and the periods a day falls in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from goals.models import period_end, period_start
from goals.selectors import (
    Point,
    baseline_observed,
    compare_windows,
    target_progress,
    threshold_dates,
    verdict,
)

MONDAY = date(2025, 1, 6)


def weekly(values):
    return [Point(MONDAY + timedelta(weeks=i), float(v)) for i, v in enumerate(values)]


def test_windows_are_equal_and_sized_by_the_shorter_side():
    points = weekly([10, 10, 10, 10, 10, 6, 6, 4])  # pivot at week 5: 5 before, 3 after
    result = compare_windows(points, pivot=MONDAY + timedelta(weeks=5), direction="lower")
    assert result.periods == 3
    assert (result.before.first, result.before.last) == (MONDAY + timedelta(weeks=2), MONDAY + timedelta(weeks=4))
    assert (result.after.first, result.after.last) == (MONDAY + timedelta(weeks=5), MONDAY + timedelta(weeks=7))
    assert result.before.mean == 10 and result.after.mean == pytest.approx(16 / 3)
    assert result.change == pytest.approx(16 / 3 - 10)
    assert result.percent == pytest.approx((16 / 3 - 10) / 10 * 100)
    assert result.verdict == "better"  # lower is better and it went down


def test_the_after_window_is_the_latest_and_at_most_twelve_periods():
    points = weekly([100] * 30 + [50] * 20 + [40] * 12)
    result = compare_windows(points, pivot=MONDAY + timedelta(weeks=30), direction="higher")
    assert result.periods == 12
    assert result.before.mean == 100 and result.after.mean == 40  # the latest 12, not the first 12 after the pivot
    assert result.verdict == "worse"  # higher is better and it went down


def test_no_comparison_without_values_on_both_sides():
    points = weekly([5, 6, 7])
    assert compare_windows(points, pivot=MONDAY, direction="lower") is None
    assert compare_windows(points, pivot=MONDAY + timedelta(weeks=10), direction="lower") is None
    assert compare_windows([], pivot=MONDAY, direction="lower") is None


@pytest.mark.parametrize(
    ("change", "direction", "expected"),
    [
        (-5, "lower", "better"),
        (5, "lower", "worse"),
        (5, "higher", "better"),
        (-5, "higher", "worse"),
        (0.0001, "higher", "same"),
    ],
)
def test_direction_decides_better_or_worse(change, direction, expected):
    assert verdict(change, direction, scale=100) == expected


def test_a_zero_before_mean_has_no_percentage():
    result = compare_windows(weekly([0, 0, 3, 3]), pivot=MONDAY + timedelta(weeks=2), direction="higher")
    assert result.percent is None and result.verdict == "better"


def test_baseline_observed_averages_the_baseline_period_only():
    points = weekly([1000, 1200, 1100, 500])
    assert baseline_observed(points, first=MONDAY, last=MONDAY + timedelta(weeks=2)) == 1100
    assert baseline_observed(points, first=date(2030, 1, 1), last=date(2030, 2, 1)) is None


def test_progress_towards_the_target():
    assert target_progress(baseline=1150, target=800, current=975) == pytest.approx(50)
    assert target_progress(baseline=1150, target=800, current=1200) < 0  # the wrong way
    assert target_progress(baseline=4, target=4, current=5) is None
    assert target_progress(baseline=4, target=20, current=None) is None


def test_threshold_dates_are_the_days_the_share_of_completions_was_reached():
    days = [date(2025, 3, d) for d in (1, 5, 9, 20)]
    assert threshold_dates(4, days) == {50: date(2025, 3, 5), 90: date(2025, 3, 20)}
    assert threshold_dates(10, days) == {}  # 4 of 10 is under 50 %
    assert threshold_dates(0, []) == {}
    assert threshold_dates(3, days[:2]) == {50: date(2025, 3, 5)}  # 2 of 3 passes 50 %, not 90 %


def test_periods_start_on_monday_or_the_first_of_the_month():
    assert period_start(date(2026, 3, 5), "week") == date(2026, 3, 2)
    assert period_end(date(2026, 3, 2), "week") == date(2026, 3, 8)
    assert period_start(date(2024, 2, 29), "month") == date(2024, 2, 1)
    assert period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert period_end(date(2025, 12, 1), "month") == date(2025, 12, 31)
