"""The sweep's cost follows what is due, not the tables: a constant number of queries per batch however
many reminders, and each message rendered once per language when its templates cannot depend on the recipient."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import accounts.notify_bulk
from accounts.models import Notification, Role
from accounts.notifications import same_for_every_recipient
from accounts.notify_bulk import Message, notify_many
from accounts.reminders import reminders_sweep
from recruitment.reminders.common import employer_detail_url, recruitment_detail_url
from tests.accounts.reminder_kinds import KIND
from tests.factories import EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _unstaffed(world, count: int) -> None:
    for _ in range(count):
        EmployerFactory(region=world.region, responsible_provider=world.provider_a)


def _sweep(now: datetime) -> tuple[int, int]:
    with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as ctx:
        sent = reminders_sweep(now=now, kinds=[KIND]).sent[KIND]
    return len(ctx), sent


@pytest.fixture
def renders(monkeypatch):
    """How many (subject, body) pairs notify_many rendered."""
    calls = []
    real = accounts.notify_bulk.finish_message

    def counting(subject, body):
        calls.append(subject)
        return real(subject, body)

    monkeypatch.setattr(accounts.notify_bulk, "finish_message", counting)
    return calls


def test_the_sweep_costs_the_same_queries_for_3_or_12_reminders(world, renders):
    UserFactory(provider=world.provider_a, language="en", roles=[Role.PROVIDER_ADMIN])  # a second admin, in en
    _unstaffed(world, 3)
    three, sent_three = _sweep(MONDAY_MORNING)
    _unstaffed(world, 12)
    twelve, sent_twelve = _sweep(MONDAY_MORNING + timedelta(hours=1))
    idle, sent_idle = _sweep(MONDAY_MORNING + timedelta(hours=2))
    assert (sent_three, sent_twelve, sent_idle) == (3, 12, 0)
    assert three == twelve
    assert idle < three
    # Two administrators each (admin_a in nb, one in en): one rendering per reminder and language.
    assert Notification.objects.filter(kind=f"reminder.{KIND}").count() == 2 * 15
    assert len(renders) == 2 * 15
    subjects = Notification.objects.filter(kind=f"reminder.{KIND}").values_list("user__language", "subject")
    assert {(language, subject.split(":")[0]) for language, subject in subjects} == {
        ("nb", "Påminnelse"),
        ("en", "Reminder"),
    }


def _message(recipients, template="emails/reminder", **context):
    return Message(
        recipients=recipients,
        kind="test.bulk",
        template=template,
        context={"title": "Ringe Nordbygg AS", "text": "Avtal et møte.", "due_date": MONDAY_MORNING.date(), **context},
        url="/x/",
    )


def test_a_message_is_rendered_once_per_language_for_all_its_recipients(world, renders):
    nb_one, nb_two = UserFactory(language="nb"), UserFactory(language="nb")
    english = UserFactory(language="en")
    sent = notify_many([_message([nb_one, english, nb_two, "Uten.Konto@example.no"]), _message([english])])
    assert [len(s) for s in sent] == [4, 1]
    assert len(renders) == 3  # first message: nb (users and the address without an account) and en; second: en
    by_address = {n.email: n for n in sent[0]}
    assert by_address[nb_one.email].subject == by_address[nb_two.email].subject == "Påminnelse: Ringe Nordbygg AS"
    assert by_address["uten.konto@example.no"].subject == "Påminnelse: Ringe Nordbygg AS"
    assert by_address[english.email].subject == sent[1][0].subject == "Reminder: Ringe Nordbygg AS"
    assert by_address[nb_one.email].body.startswith("Ringe Nordbygg AS\n\nAvtal et møte.")
    assert [n.language for n in sent[0]] == ["nb", "en", "nb", "nb"]


def test_a_template_naming_the_recipient_is_rendered_for_each_recipient(world, settings, tmp_path, renders):
    (tmp_path / "personal_subject.txt").write_text("Hei {{ recipient.full_name }}")
    (tmp_path / "personal.txt").write_text("{{ text }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    kari, ola = UserFactory(full_name="Kari Nordmann"), UserFactory(full_name="Ola Nordmann")
    [sent] = notify_many([_message([kari, ola], template="personal")])
    assert [n.subject for n in sent] == ["Hei Kari Nordmann", "Hei Ola Nordmann"]
    assert len(renders) == 2


@pytest.mark.parametrize(
    ("subject", "shared"),
    [
        ("{% load i18n %}{% blocktranslate %}Reminder: {{ title }}{% endblocktranslate %}", True),
        ("{{ title }}", True),
        ("Hei {{ recipient.full_name }}", False),
        ('{% include "emails/reminder.txt" %}', False),
        ("{% load humanize %}{{ title }}", False),
        ("{% extends 'emails/reminder.txt' %}", False),
    ],
)
def test_only_templates_that_cannot_read_the_recipient_are_shared(settings, tmp_path, subject, shared):
    (tmp_path / "t_subject.txt").write_text(subject)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    templates = (get_template("t_subject.txt"), get_template("emails/reminder.txt"))
    assert same_for_every_recipient(templates) is shared


def test_the_reminder_urls_are_the_reversed_urls(world):
    employer = EmployerFactory(region=world.region)
    assert employer_detail_url(employer.uuid) == reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid})
    other = EmployerFactory(region=world.region)
    assert employer_detail_url(other.uuid) == reverse("recruitment:employer_detail", kwargs={"uuid": other.uuid})
    uuid = "5f0c6a1e-0000-4000-8000-000000000001"
    assert recruitment_detail_url(uuid) == reverse("recruitment:recruitment_detail", kwargs={"uuid": uuid})
