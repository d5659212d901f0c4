"""Blocks of quiz pages: a scenario's variables, steps, branches and endings, and a knowledge check's questions.

Rules that span several blocks (targets, reachability, loops, declared variables) are checked on the page, which sees
them all (`ScenarioPage.clean`); each block here checks only its own fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import SocialPostBlock, TextBlock

KEY_REGEX = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
KEY_ERRORS = {"invalid": _("Use letters, digits, “-” and “_” only, e.g. H2a.")}
OPERATOR_CHOICES = [
    ("<", _("is below")),
    ("<=", _("is at most")),
    (">", _("is above")),
    (">=", _("is at least")),
    ("==", _("equals")),
    ("!=", _("is not")),
]
OUTCOME_CHOICES = [("good", _("Good")), ("mixed", _("Mixed")), ("poor", _("Poor"))]


def key_block(help_text: str, *, required: bool = True) -> blocks.RegexBlock:
    optional = {} if required else {"required": False}
    return blocks.RegexBlock(regex=KEY_REGEX, max_length=40, error_messages=KEY_ERRORS, help_text=help_text, **optional)


# Bounds of what a trainer types (QA: a choice worth 10^20 points was published and every learner's start was a 500,
# as an attempt's score is a numeric(9, 3)). Generous for any story, small enough that no path overflows.
SCORE_LIMIT = 1000
VARIABLE_LIMIT = 100_000


class TargetBlock(blocks.FieldBlock):
    """Where a choice or a branch leads: the stream id of a step, branch or ending of the same scenario. The editor's
    script (static/js/scenario_map.js) shows it as a select of the scenario's blocks by name, so renaming a block
    keeps every link to it; the page's validation names the choice when it is missing or dangling."""

    def __init__(self, help_text=None, **kwargs):
        self.field = forms.CharField(
            required=False,
            max_length=64,
            help_text=help_text,
            widget=forms.TextInput(attrs={"data-scenario-target": "", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    class Meta:
        default = ""
        icon = "arrow-right"


BETTER_CHOICES = [
    ("higher", _("Higher is better")),
    ("lower", _("Lower is better")),
    ("neither", _("Neither: a plain count")),
]


class VariableBlock(blocks.StructBlock):
    """A named quantity the choices move, such as “Public trust”, kept between its minimum and maximum."""

    key = key_block(_("Short name used in effects and branches, e.g. trust."))
    label = blocks.CharBlock(max_length=60, help_text=_("Shown to learners, e.g. Public trust."))
    initial = blocks.IntegerBlock(default=50, min_value=-VARIABLE_LIMIT, max_value=VARIABLE_LIMIT)
    minimum = blocks.IntegerBlock(default=0, min_value=-VARIABLE_LIMIT, max_value=VARIABLE_LIMIT)
    maximum = blocks.IntegerBlock(default=100, min_value=-VARIABLE_LIMIT, max_value=VARIABLE_LIMIT)
    # Learners see the meter coloured by what its value means: a rising "Repeat calls" is bad news, not progress.
    better = blocks.ChoiceBlock(
        choices=BETTER_CHOICES,
        default="higher",
        label=_("Which way is better"),
        help_text=_("Colours the learner's meter: green when it is good, red when it is bad; grey for a plain count."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        low, high, initial = value.get("minimum"), value.get("maximum"), value.get("initial")
        if value.get("key") == "score":
            errors["key"] = ValidationError(_("“score” is the scenario's score; choose another key."))
        if low is not None and high is not None and low >= high:
            errors["maximum"] = ValidationError(_("The maximum must be above the minimum."))
        elif None not in (low, high, initial) and not low <= initial <= high:
            errors["initial"] = ValidationError(_("The starting value must lie between the minimum and the maximum."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "order"
        template = "quizzes/blocks/variable_block.html"
        description = _("A value the choices move, shown to learners as a labelled meter.")
        label_format = "{label} ({key})"
        preview_value = {
            "key": "trust",
            "label": "Public trust",
            "initial": 50,
            "minimum": 0,
            "maximum": 100,
            "better": "higher",
        }


class EffectBlock(blocks.StructBlock):
    variable = key_block(_("The key of a declared variable."))
    change = blocks.IntegerBlock(
        min_value=-VARIABLE_LIMIT, max_value=VARIABLE_LIMIT, help_text=_("Added to the variable; negative to lower it.")
    )

    class Meta:
        icon = "plus"
        template = "quizzes/blocks/effect_block.html"
        description = _("How a choice moves one variable.")
        preview_value = {"variable": "trust", "change": 10}


class ScenarioChoiceBlock(blocks.StructBlock):
    """One option of a step. Learners see only its text until they commit to it."""

    # text, feedback and target are checked by the page, which names the step and the choice in its message
    text = blocks.TextBlock(
        max_length=400, required=False, help_text=_("What the learner would do, in at most 25 words.")
    )
    feedback = blocks.TextBlock(
        max_length=600, required=False, help_text=_("Why it works or not, shown after the choice.")
    )
    score = blocks.IntegerBlock(
        default=0,
        min_value=-SCORE_LIMIT,
        max_value=SCORE_LIMIT,
        help_text=_("Points added to the score; negative to take some away."),
    )
    effects = blocks.ListBlock(EffectBlock(), default=[], label=_("Effects on variables"))
    next = TargetBlock(label=_("Leads to"), help_text=_("The step, branch or ending this choice leads to."))

    class Meta:
        icon = "radio-full"
        template = "quizzes/blocks/scenario_choice_block.html"
        description = _("An option with its feedback, score, effects and where it leads.")
        label_format = "{text}"
        label = _("Choice")


EMPTY_CHOICE = {"text": "", "feedback": "", "score": 0, "effects": [], "next": ""}


class StepBlock(blocks.StructBlock):
    """A moment of the story: the situation, the posts that arrive and the choices."""

    key = key_block(
        _("Short name shown on the map and in the “Leads to” lists, e.g. H1. The first step starts the scenario."),
        required=False,
    )
    clock = blocks.CharBlock(
        max_length=40, required=False, help_text=_("Story time shown to learners, e.g. Tue 18:52. No real timer runs.")
    )
    situation = TextBlock(required=False)
    posts = blocks.ListBlock(SocialPostBlock(), default=[], label=_("Posts arriving in the feed"))
    # a new step opens with two empty choices, so the editor shows no “minimum 2” error before anything is typed
    choices = blocks.ListBlock(ScenarioChoiceBlock(), min_num=2, max_num=4, default=[EMPTY_CHOICE, EMPTY_CHOICE])

    def clean(self, value):
        value = super().clean(value)
        if not value.get("situation") and not value.get("posts") and not self.is_deferred_validation:
            raise StructBlockValidationError(
                block_errors={"situation": ValidationError(_("Describe the situation or add at least one post."))}
            )
        return value

    class Meta:
        icon = "doc-full"
        template = "quizzes/blocks/step_block.html"
        description = _("A situation and posts, with 2 to 4 choices.")
        label_format = "{key} · {clock}"
        label = _("Step")


class ConditionBlock(blocks.StructBlock):
    variable = key_block(_("A declared variable, or “score”."))
    operator = blocks.ChoiceBlock(choices=OPERATOR_CHOICES, default=">=")
    value = blocks.IntegerBlock(min_value=-VARIABLE_LIMIT, max_value=VARIABLE_LIMIT)

    class Meta:
        icon = "help"
        template = "quizzes/blocks/condition_block.html"
        description = _("A test on a variable, such as trust at least 65.")


class RuleBlock(blocks.StructBlock):
    conditions = blocks.ListBlock(ConditionBlock(), min_num=1, help_text=_("All of them must hold."))
    goto = TargetBlock(label=_("Leads to"), help_text=_("Where to go when every condition holds."))

    class Meta:
        icon = "arrow-right"
        template = "quizzes/blocks/rule_block.html"
        description = _("Conditions and where they lead.")


class BranchBlock(blocks.StructBlock):
    """Leads on by the variables: the first rule whose conditions all hold wins, else “otherwise”."""

    key = key_block(_("Short name shown on the map and in the “Leads to” lists, e.g. ROUTE."), required=False)
    rules = blocks.ListBlock(RuleBlock(), min_num=1)
    otherwise = TargetBlock(label=_("Otherwise leads to"), help_text=_("Where to go when no rule holds."))

    class Meta:
        icon = "fork"
        template = "quizzes/blocks/branch_block.html"
        description = _("Leads to a step or ending depending on the variables; learners do not see it.")
        label_format = "{key}"
        label = _("Branch on a variable")


class DebriefLineBlock(blocks.StructBlock):
    """One sentence of an ending's debrief, shown only when the learner's path matches: a choice they made at a
    step, the variables at the end, or both."""

    step = blocks.RegexBlock(
        regex=KEY_REGEX,
        max_length=40,
        required=False,
        error_messages=KEY_ERRORS,
        help_text=_("The key of a step, with the choice below; leave empty to test the variables only."),
    )
    choice = blocks.IntegerBlock(
        required=False, min_value=1, max_value=4, help_text=_("The choice's number at that step: 1 for the first.")
    )
    conditions = blocks.ListBlock(ConditionBlock(), default=[], help_text=_("All of them must hold at the end."))
    text = blocks.TextBlock(
        max_length=600, help_text=_("What that choice or that end state did, in one or two sentences.")
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value.get("step")) != bool(value.get("choice")):
            missing = "choice" if value.get("step") else "step"
            errors[missing] = ValidationError(_("Give both the step and the choice, or neither."))
        elif not value.get("step") and not value.get("conditions"):
            errors["step"] = ValidationError(_("Say when this line shows: a choice at a step, or conditions."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "list-ul"
        template = "quizzes/blocks/debrief_line_block.html"
        description = _("A debrief sentence shown only to learners whose path matches.")
        label = _("Debrief line")


class EndingBlock(blocks.StructBlock):
    key = key_block(_("Short name shown on the map and in the “Leads to” lists, e.g. GOOD."), required=False)
    outcome = blocks.ChoiceBlock(choices=OUTCOME_CHOICES, default="good")
    title = blocks.CharBlock(max_length=120, required=False)
    debrief = TextBlock(required=False, help_text=_("What happened and what to take away, in at most 80 words."))
    lines = blocks.ListBlock(
        DebriefLineBlock(),
        default=[],
        label=_("Debrief lines for the path taken"),
        help_text=_("Shown after the debrief, each only when the learner made that choice or ended in that state."),
    )

    class Meta:
        icon = "flag"
        template = "quizzes/blocks/ending_block.html"
        description = _("An end of the story with its outcome and debrief.")
        label_format = "{key}: {title}"
        label = _("Ending")
        preview_value = {
            "key": "GOOD",
            "outcome": "good",
            "title": "Passengers kept informed",
            "debrief": "<p>Passengers heard from you within minutes.</p>",
        }


class VariablesStreamBlock(blocks.StreamBlock):
    variable = VariableBlock()


class ScenarioStreamBlock(blocks.StreamBlock):
    step = StepBlock()
    branch = BranchBlock()
    ending = EndingBlock()


class RandomQuestionsBlock(blocks.StructBlock):
    """N questions drawn afresh for each attempt from a category of the question bank."""

    category = SnippetChooserBlock("quizzes.QuestionCategory")
    count = blocks.IntegerBlock(min_value=1, max_value=50, default=1, label=_("Number of questions"))
    include_subcategories = blocks.BooleanBlock(required=False, default=True)

    class Meta:
        icon = "resubmit"
        template = "quizzes/blocks/random_questions_block.html"
        description = _("Draws questions at random from a category for each attempt.")
        label = _("Random questions")


class KnowledgeCheckStreamBlock(blocks.StreamBlock):
    question = SnippetChooserBlock("quizzes.Question", template="quizzes/blocks/question_block.html")
    random = RandomQuestionsBlock()
