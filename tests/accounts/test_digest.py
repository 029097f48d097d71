"""The daily digest: one e-mail with everything a digest user was told, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import DIGEST_KIND, notification_digest_build, notify
from accounts.outbox import notification_deliver
from accounts.tasks import SEND_TIME_LIMIT, send_daily_digests
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, text):
    return notify(
        recipients=[user], kind="test", template="emails/test_message", context={"text": text}, url="/notifications/"
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def test_a_digest_user_gets_one_mail_listing_each_waiting_notification(committed):
    user = UserFactory(email_mode="daily", language="nb")
    for text in ("første", "andre", "tredje"):
        committed(_notify, user=user, text=text)
    assert mail.outbox == []

    assert committed(send_daily_digests.apply).get() == 1
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Daglig oppsummering: 3 varsler"
    assert message.body.count("Testmelding fra KAM-portalen") == 3
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert html.count("Testmelding fra KAM-portalen") == 3
    assert "første" in html and "tredje" in html
    assert '<html lang="nb">' in html
    assert all(n.email_status == Notification.EmailStatus.DIGESTED for n in user.notifications.all())


def test_a_second_digest_run_sends_nothing_new(committed):
    user = UserFactory(email_mode="daily")
    committed(_notify, user=user, text="en")
    committed(send_daily_digests.apply)
    assert committed(send_daily_digests.apply).get() == 0
    committed(_notify, user=user, text="to")
    assert committed(send_daily_digests.apply).get() == 1
    assert [m.subject for m in mail.outbox] == ["Daglig oppsummering: 1 varsel"] * 2


def test_the_digest_is_in_the_users_language(committed):
    user = UserFactory(email_mode="daily", language="en")
    committed(_notify, user=user, text="one")
    committed(_notify, user=user, text="two")
    committed(send_daily_digests.apply)
    [message] = mail.outbox
    assert message.subject == "Your daily summary: 2 notifications"
    assert "Here is what happened in the KAM Portal" in message.alternatives[0][0]


def test_the_digest_leaves_out_notifications_made_after_it_started_and_single_mail_users():
    digest_user, single_user = UserFactory(email_mode="daily"), UserFactory()
    _notify(digest_user, "før")
    _notify(single_user, "enkel")
    cutoff = timezone.now()
    later = _notify(digest_user, "etter")[0]
    later.created_at = cutoff + timedelta(seconds=1)
    later.save()
    digest = notification_digest_build(user=digest_user, until=cutoff)
    assert [n.body.strip() for n in digest.digested.all()] == [
        "Denne meldingen sjekker at e-post fra KAM-portalen kommer fram. før"
    ]
    assert notification_digest_build(user=single_user, until=cutoff) is None
    assert Notification.objects.filter(kind=DIGEST_KIND).count() == 1


def test_the_digest_itself_stays_out_of_the_notification_centre(client, committed):
    user = UserFactory(email_mode="daily")
    committed(_notify, user=user, text="en")
    committed(send_daily_digests.apply)
    client.force_login(user)
    page = client.get(reverse("notifications")).content.decode()
    assert "Testmelding fra KAM-portalen" in page
    assert "Daglig oppsummering" not in page


def test_a_claim_left_by_a_dead_worker_is_taken_again_but_a_live_one_is_not(settings):
    user = UserFactory()
    [notification] = _notify(user, "x")
    fresh = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.EmailStatus.SENDING, email_claimed_at=fresh
    )
    assert notification_deliver(notification_id=notification.pk) == "already handled"
    assert mail.outbox == []
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_at=fresh - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT + 1)
    )
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert len(mail.outbox) == 1


def test_the_claim_timeout_outlasts_the_send_task_time_limit_and_the_visibility_timeout_the_longest_task(settings):
    assert settings.NOTIFICATION_CLAIM_TIMEOUT > SEND_TIME_LIMIT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT


def test_the_dispatcher_sends_mail_left_behind_by_a_dead_worker_or_a_lost_message(settings, committed):
    from accounts.tasks import dispatch_outbox

    user = UserFactory()
    [dead_worker] = _notify(user, "claimed by a worker that died")
    [lost_message] = _notify(user, "queued to a broker that lost it")
    [fresh] = _notify(user, "just published, still in the queue")
    long_ago = timezone.now() - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT + 60)
    Notification.objects.filter(pk=dead_worker.pk).update(
        email_status=Notification.EmailStatus.SENDING, email_claimed_at=long_ago, created_at=long_ago
    )
    Notification.objects.filter(pk=lost_message.pk).update(email_next_try_at=long_ago)
    assert committed(dispatch_outbox.apply).get() == {"freed": 1, "published": 2, "due": 2}
    assert committed(dispatch_outbox.apply).get() == {"freed": 0, "published": 0, "due": 0}
    assert len(mail.outbox) == 2
    fresh.refresh_from_db()
    assert fresh.email_status == Notification.EmailStatus.PENDING  # its own task has not run yet
