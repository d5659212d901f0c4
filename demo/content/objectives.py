"""The demo's objectives (CONTENT.md §7): one per team, each with a weekly (or monthly) metric over the last 52 weeks,
a baseline over the first 12 weeks, a target and a review date given as days after T, and the courses it relies on
(by course code). Then the hourly cost HR set per department and Jordan's personal goal."""

OBJECTIVES = [
    {
        "team": ("department", "CS"),
        "title": "Fewer repeat calls about refunds",
        "metric": "refund-status calls per week",
        "unit": "calls",
        "direction": "lower",
        "frequency": "week",
        "baseline": 1150,
        "target": 800,
        "review_in_days": 90,
        "courses": ["B"],
    },
    {
        "team": ("cohort", "SQUAD"),
        "title": "A first public word fast in a disruption",
        "metric": "median minutes from incident to first post",
        "unit": "min",
        "direction": "lower",
        "frequency": "week",
        "baseline": 48,
        "target": 15,
        "review_in_days": 60,
        "courses": ["C"],
    },
    {
        "team": ("department", "PHR"),
        "title": "Fill driver vacancies faster",
        "metric": "median days to fill a driver vacancy",
        "unit": "days",
        "direction": "lower",
        "frequency": "month",
        "baseline": 62,
        "target": 40,
        "review_in_days": 180,
        "courses": ["B"],
    },
    {
        "team": ("department", "PXD"),
        "title": "Hear about app problems first",
        "metric": "app issues first found in public conversation, per week",
        "unit": "issues",
        "direction": "higher",
        "frequency": "week",
        "baseline": 1,
        "target": 4,
        "review_in_days": 90,
        "courses": ["B"],
    },
    {
        "team": ("department", "BRC"),
        "title": "Posts people answer",
        "metric": "replies per service post, weekly median",
        "unit": "replies",
        "direction": "higher",
        "frequency": "week",
        "baseline": 4,
        "target": 20,
        "review_in_days": 120,
        "courses": ["A", "B"],
    },
]

HOURLY_COSTS = {"EXE": 95, "OPS": 28, "CS": 22, "PXD": 38, "BRC": 32, "PHR": 30}

PERSONAL_GOALS = [
    {
        "user": "jordan.ellis",
        "objective": "Fewer repeat calls about refunds",
        "text": "Answer refund questions in public with the pinned how-to, and log each new pattern.",
        "shared_with_manager": True,
        "reviewed_by": "aisha.rahman",
        "reviewed_days_ago": 14,
    },
]
