"""kamportal.lib.choices_display: get_FOO_display() answers exactly as Django's, in the active language."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
from django.test.utils import isolate_apps
from django.utils import translation

from kamportal.lib import choices_display
from recruitment.models import Employer, Recruitment


def _choice_fields():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if field.choices:
                yield model, field


def test_every_generated_display_method_is_replaced():
    fields = list(_choice_fields())
    assert len(fields) > 20
    for model, field in fields:
        method = model.__dict__[f"get_{field.name}_display"]
        assert isinstance(method, partialmethod) and method.func is choices_display.get_field_display, (model, field)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_answer_is_djangos_for_every_value_known_or_not(language):
    with translation.override(language):
        for model, field in _choice_fields():
            for value in [value for value, _ in field.flatchoices] + ["no-such-value", None, 987654]:
                instance = model()
                try:
                    setattr(instance, field.attname, value)
                except ValidationError:  # a field that checks what it is given (django-celery-beat's time zone)
                    continue
                fast = getattr(instance, f"get_{field.name}_display")()
                assert fast == Model._get_FIELD_display(instance, field), (model, field, value)
                assert type(fast) is type(Model._get_FIELD_display(instance, field))


def test_the_label_follows_the_language_active_at_the_call():
    employer = Employer(tier=Employer._meta.get_field("tier").flatchoices[0][0])
    recruitment = Recruitment(status="shortlist_sent")
    with translation.override("en"):
        english = (employer.get_tier_display(), recruitment.get_status_display())
    with translation.override("nb"):
        norwegian = (employer.get_tier_display(), recruitment.get_status_display())
    assert english[1] != norwegian[1]
    with translation.override("en"):
        assert (employer.get_tier_display(), recruitment.get_status_display()) == english


@isolate_apps("kamportal")
def test_labels_are_not_translated_to_find_one():
    """The point of it: Django's version translates every label of the field to show one."""
    field = Recruitment._meta.get_field("status")
    calls = []

    class Label:
        def __init__(self, text):
            self.text = text

        def __hash__(self):
            calls.append(self.text)
            return hash(self.text)

        def __str__(self):
            return self.text

    class Thing(models.Model):
        status = models.CharField(max_length=20, choices=[(v, Label(str(label))) for v, label in field.flatchoices])

        class Meta:
            app_label = "kamportal"
            managed = False

        def __str__(self):
            return self.status

    assert choices_display.install([Thing]) == 1
    thing = Thing(status="shortlist_sent")
    thing.get_status_display()
    thing.get_status_display()
    assert calls == []
    assert choices_display.install([Thing]) == 0  # already ours


@isolate_apps("kamportal")
def test_a_method_the_model_defines_itself_is_left_alone():
    class Other(models.Model):
        kind = models.CharField(max_length=5, choices=[("a", "A")])

        class Meta:
            app_label = "kamportal"
            managed = False

        def __str__(self):
            return self.kind

        def get_kind_display(self):
            return "own"

    assert choices_display.install([Other]) == 0
    assert Other(kind="a").get_kind_display() == "own"
