"""Review options and a wait between attempts replace the single “show the right answers” switch.

Existing checks: the old switch showed the right answer at once, and with no wait a learner could retry until they
passed, so “shown” becomes the new default (after passing, or once no attempts are left) and “hidden” becomes
never. Feedback was always shown after each answer and stays so. No check gets a wait."""

import django.core.validators
from django.db import migrations, models

REVIEW_CHOICES = [
    ("immediately", "Immediately, after each answer"),
    ("after_attempt", "After the attempt is finished"),
    ("after_passing", "After passing, or once no attempts are left"),
    ("after_last_attempt", "Only once no attempts are left"),
    ("never", "Never"),
]


def forwards(apps, schema_editor):
    KnowledgeCheckPage = apps.get_model("quizzes", "KnowledgeCheckPage")
    KnowledgeCheckPage.objects.filter(show_right_answers=False).update(review_right_answers="never")
    KnowledgeCheckPage.objects.filter(show_right_answers=True).update(review_right_answers="after_passing")


def backwards(apps, schema_editor):
    KnowledgeCheckPage = apps.get_model("quizzes", "KnowledgeCheckPage")
    KnowledgeCheckPage.objects.filter(review_right_answers="never").update(show_right_answers=False)
    KnowledgeCheckPage.objects.exclude(review_right_answers="never").update(show_right_answers=True)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0002_trainer_permissions")]

    operations = [
        migrations.AddField(
            model_name="knowledgecheckpage",
            name="review_right_answers",
            field=models.CharField(
                choices=REVIEW_CHOICES,
                default="after_passing",
                help_text="When a learner sees the right answer to a question they got wrong. Shown earlier, a learner can retry until they pass without learning anything.",
                max_length=20,
                verbose_name="show the right answers",
            ),
        ),
        migrations.AddField(
            model_name="knowledgecheckpage",
            name="review_feedback",
            field=models.CharField(
                choices=REVIEW_CHOICES,
                default="immediately",
                help_text="Whether their answer was right, its mark, and the author's feedback on that answer.",
                max_length=20,
                verbose_name="show feedback on the learner's own answer",
            ),
        ),
        migrations.AddField(
            model_name="knowledgecheckpage",
            name="wait_between_attempts",
            field=models.PositiveIntegerField(
                default=0,
                help_text="After an attempt that did not pass, how long before the next may start. 0: no wait.",
                validators=[django.core.validators.MaxValueValidator(43200)],
                verbose_name="wait between attempts (minutes)",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="knowledgecheckpage", name="show_right_answers"),
    ]
