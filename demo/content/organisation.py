"""Tarnwick Transit, the fictional demo organisation (CONTENT.md section 5), as plain data.

Every date is an offset in days from T, the day `seed_demo` runs, so the demo never goes stale.
"""

DEPARTMENTS = [
    {"code": "EXE", "name": "Executive Office", "parent": None},
    {"code": "OPS", "name": "Operations", "parent": None},
    {"code": "CS", "name": "Customer Service", "parent": None},
    {"code": "PXD", "name": "Product & Digital", "parent": None},
    {"code": "BRC", "name": "Brand & Communications", "parent": None},
    {"code": "PHR", "name": "People & HR", "parent": None},
]

PEOPLE = [
    {
        "username": "helena.adeyemi",
        "email": "helena.adeyemi@tarnwick.example",
        "first_name": "Helena",
        "last_name": "Adeyemi",
        "pronouns": "",
        "job_title": "Chief Executive",
        "department": "EXE",
        "audience": "executive",
        "roles": ["Learner", "Manager"],
        "manager": None,
        "hire_offset_days": -2900,
    },
    {
        "username": "rafael.moreno",
        "email": "rafael.moreno@tarnwick.example",
        "first_name": "Rafael",
        "last_name": "Moreno",
        "pronouns": "",
        "job_title": "Chief Customer Officer",
        "department": "EXE",
        "audience": "executive",
        "roles": ["Learner", "Manager"],
        "manager": "helena.adeyemi",
        "hire_offset_days": -2150,
    },
    {
        "username": "meiling.zhao",
        "email": "meiling.zhao@tarnwick.example",
        "first_name": "Mei-Ling",
        "last_name": "Zhao",
        "pronouns": "",
        "job_title": "Operations Director",
        "department": "OPS",
        "audience": "executive",
        "roles": ["Learner", "Manager"],
        "manager": "helena.adeyemi",
        "hire_offset_days": -3420,
    },
    {
        "username": "grace.okonkwo",
        "email": "grace.okonkwo@tarnwick.example",
        "first_name": "Grace",
        "last_name": "Okonkwo",
        "pronouns": "",
        "job_title": "People Director",
        "department": "PHR",
        "audience": "executive",
        "roles": ["Learner", "Manager", "HR"],
        "manager": "helena.adeyemi",
        "hire_offset_days": -1830,
    },
    {
        "username": "tomasz.nowak",
        "email": "tomasz.nowak@tarnwick.example",
        "first_name": "Tomasz",
        "last_name": "Nowak",
        "pronouns": "",
        "job_title": "Head of Control Room",
        "department": "OPS",
        "audience": "manager",
        "roles": ["Learner", "Manager"],
        "manager": "meiling.zhao",
        "hire_offset_days": -5210,
    },
    {
        "username": "aisha.rahman",
        "email": "aisha.rahman@tarnwick.example",
        "first_name": "Aisha",
        "last_name": "Rahman",
        "pronouns": "",
        "job_title": "Customer Service Manager",
        "department": "CS",
        "audience": "manager",
        "roles": ["Learner", "Manager"],
        "manager": "rafael.moreno",
        "hire_offset_days": -2630,
    },
    {
        "username": "daniel.cohen",
        "email": "daniel.cohen@tarnwick.example",
        "first_name": "Daniel",
        "last_name": "Cohen",
        "pronouns": "",
        "job_title": "Head of Product & Digital",
        "department": "PXD",
        "audience": "manager",
        "roles": ["Learner", "Manager"],
        "manager": "rafael.moreno",
        "hire_offset_days": -1290,
    },
    {
        "username": "siobhan.murphy",
        "email": "siobhan.murphy@tarnwick.example",
        "first_name": "Siobhán",
        "last_name": "Murphy",
        "pronouns": "",
        "job_title": "Communications Manager",
        "department": "BRC",
        "audience": "manager",
        "roles": ["Learner", "Manager"],
        "manager": "rafael.moreno",
        "hire_offset_days": -1540,
    },
    {
        "username": "jordan.ellis",
        "email": "jordan.ellis@tarnwick.example",
        "first_name": "Jordan",
        "last_name": "Ellis",
        "pronouns": "they/them",
        "job_title": "Customer Service Adviser",
        "department": "CS",
        "audience": "staff",
        "roles": ["Learner"],
        "manager": "aisha.rahman",
        "hire_offset_days": -720,
    },
    {
        "username": "kwame.mensah",
        "email": "kwame.mensah@tarnwick.example",
        "first_name": "Kwame",
        "last_name": "Mensah",
        "pronouns": "",
        "job_title": "Depot Technician",
        "department": "OPS",
        "audience": "staff",
        "roles": ["Learner"],
        "manager": "tomasz.nowak",
        "hire_offset_days": -3960,
    },
    {
        "username": "priya.nair",
        "email": "priya.nair@tarnwick.example",
        "first_name": "Priya",
        "last_name": "Nair",
        "pronouns": "",
        "job_title": "Product Owner, Journey app",
        "department": "PXD",
        "audience": "staff",
        "roles": ["Learner"],
        "manager": "daniel.cohen",
        "hire_offset_days": -940,
    },
    {
        "username": "fatima.haddad",
        "email": "fatima.haddad@tarnwick.example",
        "first_name": "Fatima",
        "last_name": "Haddad",
        "pronouns": "",
        "job_title": "HR Business Partner",
        "department": "PHR",
        "audience": "staff",
        "roles": ["Learner", "HR"],
        "manager": "grace.okonkwo",
        "hire_offset_days": -1105,
    },
    {
        "username": "sam.lindqvist",
        "email": "sam.lindqvist@tarnwick.example",
        "first_name": "Sam",
        "last_name": "Lindqvist",
        "pronouns": "",
        "job_title": "Learning Designer",
        "department": "PHR",
        "audience": "staff",
        "roles": ["Learner", "Trainer"],
        "manager": "grace.okonkwo",
        "hire_offset_days": -610,
    },
]

COHORTS = [
    {
        "code": "LEAD",
        "name": "Leaders, spring intake",
        "description": "Executives and senior managers who take the leaders' course first, in short sessions with a small task between each one.",
        "members": [
            "helena.adeyemi",
            "rafael.moreno",
            "meiling.zhao",
            "grace.okonkwo",
            "tomasz.nowak",
            "aisha.rahman",
            "daniel.cohen",
            "siobhan.murphy",
        ],
        "facilitator": "sam.lindqvist",
    },
    {
        "code": "SQUAD",
        "name": "Disruption response squad",
        "description": "A cross-functional squad for bad days: experts from the control room, the depots and the Journey app, paired with communicators from comms and customer service.",
        "members": [
            "tomasz.nowak",
            "kwame.mensah",
            "priya.nair",
            "siobhan.murphy",
            "jordan.ellis",
            "aisha.rahman",
        ],
        "facilitator": "sam.lindqvist",
    },
]

ASSIGNMENTS = [
    {
        "course": "A",
        "cohorts": ["LEAD"],
        "departments": [],
        "assigned_offset": -30,
        "due_offset": -5,
        "relative_due_days": None,
        "valid_months": None,
    },
    {
        "course": "B",
        "cohorts": [],
        "departments": ["OPS", "CS", "PXD", "BRC", "PHR"],
        "assigned_offset": -14,
        "due_offset": 14,
        "relative_due_days": 28,
        "valid_months": None,
    },
    {
        "course": "C",
        "cohorts": ["SQUAD"],
        "departments": [],
        "assigned_offset": -21,
        "due_offset": -1,
        "relative_due_days": None,
        "valid_months": 12,
    },
]

# Expected HR figures: A 4/8 complete with 4 overdue; B 4/11 with none overdue; C 3/6 with 3 overdue.
PROGRESS = {
    "helena.adeyemi": {"A": {"modules_done": 6, "completed_offset": -12}},
    "rafael.moreno": {"A": {"modules_done": 6, "completed_offset": -6}},
    "meiling.zhao": {
        "A": {"modules_done": 4, "completed_offset": None},
        "B": {"modules_done": 0, "completed_offset": None},
    },
    "grace.okonkwo": {
        "A": {"modules_done": 6, "completed_offset": -8},
        "B": {"modules_done": 0, "completed_offset": None},
    },
    "tomasz.nowak": {
        "A": {"modules_done": 0, "completed_offset": None},
        "B": {"modules_done": 0, "completed_offset": None},
        "C": {"modules_done": 5, "completed_offset": -3},
    },
    "aisha.rahman": {
        "A": {"modules_done": 6, "completed_offset": -2},
        "B": {"modules_done": 4, "completed_offset": None},
        "C": {"modules_done": 5, "completed_offset": -4},
    },
    "daniel.cohen": {
        "A": {"modules_done": 1, "completed_offset": None},
        "B": {"modules_done": 1, "completed_offset": None},
    },
    "siobhan.murphy": {
        "A": {"modules_done": 5, "completed_offset": None},
        "B": {"modules_done": 6, "completed_offset": -9},
        "C": {"modules_done": 3, "completed_offset": None},
    },
    "jordan.ellis": {
        "B": {"modules_done": 6, "completed_offset": -10},
        "C": {"modules_done": 5, "completed_offset": -5},
    },
    "kwame.mensah": {
        "B": {"modules_done": 2, "completed_offset": None},
        "C": {"modules_done": 1, "completed_offset": None},
    },
    "priya.nair": {
        "B": {"modules_done": 3, "completed_offset": None},
        "C": {"modules_done": 0, "completed_offset": None},
    },
    "fatima.haddad": {"B": {"modules_done": 6, "completed_offset": -11}},
    "sam.lindqvist": {"B": {"modules_done": 6, "completed_offset": -13}},
}

EXPIRED_COMPLETIONS = [
    {"username": "tomasz.nowak", "course": "C", "completed_offset": -400},
]

# Choice paths are walked against demo/content/scenarios.py; the outcome each one reaches is noted beside it.
SCENARIO_ATTEMPTS = [
    # S1 Stuck at Hollin: 2 GOOD, 2 MIXED
    {
        "username": "tomasz.nowak",
        "scenario": "S1",
        "choices": ["a", "a", "a"],
    },  # GOOD, 30
    {
        "username": "jordan.ellis",
        "scenario": "S1",
        "choices": ["a", "a", "b"],
    },  # GOOD, 23
    {
        "username": "aisha.rahman",
        "scenario": "S1",
        "choices": ["b", "a", "a"],
    },  # MIXED, 18
    {
        "username": "siobhan.murphy",
        "scenario": "S1",
        "choices": ["a", "a", "c"],
    },  # MIXED, 15
    # S2 Six weeks for a refund: 3 GOOD, 3 MIXED, 1 POOR
    {
        "username": "jordan.ellis",
        "scenario": "S2",
        "choices": ["a", "a", "a"],
    },  # GOOD, 30
    {
        "username": "aisha.rahman",
        "scenario": "S2",
        "choices": ["a", "a", "b"],
    },  # GOOD, 23
    {
        "username": "siobhan.murphy",
        "scenario": "S2",
        "choices": ["a", "b", "a"],
    },  # MIXED, 25
    {
        "username": "fatima.haddad",
        "scenario": "S2",
        "choices": ["b", "a", "a", "a"],
    },  # GOOD, 20
    {
        "username": "sam.lindqvist",
        "scenario": "S2",
        "choices": ["c", "a", "a"],
    },  # MIXED, 10
    {
        "username": "priya.nair",
        "scenario": "S2",
        "choices": ["a", "b", "b"],
    },  # MIXED, 18
    {
        "username": "kwame.mensah",
        "scenario": "S2",
        "choices": ["c", "c", "b"],
    },  # POOR, -12
    # S3 The bus in the depot: 2 GOOD, 2 MIXED
    {
        "username": "jordan.ellis",
        "scenario": "S3",
        "choices": ["b", "a", "a"],
    },  # GOOD, 25
    {
        "username": "siobhan.murphy",
        "scenario": "S3",
        "choices": ["c", "a", "a"],
    },  # GOOD, 30
    {
        "username": "fatima.haddad",
        "scenario": "S3",
        "choices": ["b", "b", "a"],
    },  # MIXED, 5
    {
        "username": "sam.lindqvist",
        "scenario": "S3",
        "choices": ["a", "a", "a"],
    },  # MIXED, 5
    # S4 Followers up, value unknown: 3 GOOD, 2 MIXED, 1 POOR
    {
        "username": "helena.adeyemi",
        "scenario": "S4",
        "choices": ["b", "b", "a", "a"],
    },  # GOOD, 40
    {
        "username": "rafael.moreno",
        "scenario": "S4",
        "choices": ["b", "b", "a", "a"],
    },  # GOOD, 40
    {
        "username": "grace.okonkwo",
        "scenario": "S4",
        "choices": ["b", "b", "a", "b"],
    },  # GOOD, 30
    {
        "username": "aisha.rahman",
        "scenario": "S4",
        "choices": ["c", "a", "a", "a"],
    },  # MIXED, 25
    {
        "username": "siobhan.murphy",
        "scenario": "S4",
        "choices": ["a", "a", "b", "a", "a"],
    },  # MIXED, 25
    {
        "username": "meiling.zhao",
        "scenario": "S4",
        "choices": ["a", "b", "b", "b"],
    },  # POOR, -25
]

# Knowledge checks: each learner's knowledge on a logit scale (0 answers a middling question right half the time).
# The loader answers every check a learner completed, through the attempt services, with a seeded draw; a learner
# who does not pass reads the module again and tries after the wait. Varied on purpose, so that item analysis has
# strong and weak learners to compare and the mastery report shows first-time passes and retries.
KNOWLEDGE_CHECK_ABILITY = {
    "helena.adeyemi": 2.0,
    "rafael.moreno": 0.8,
    "meiling.zhao": 2.6,
    "grace.okonkwo": 1.3,
    "tomasz.nowak": 1.6,
    "aisha.rahman": 0.0,
    "daniel.cohen": -0.9,
    "siobhan.murphy": 2.3,
    "jordan.ellis": 1.2,
    "kwame.mensah": -1.2,
    "priya.nair": 0.4,
    "fatima.haddad": -0.3,
    "sam.lindqvist": 2.9,
}
