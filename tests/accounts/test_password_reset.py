import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_reset_mail_arrives_in_norwegian_and_its_link_sets_a_new_password(client):
    user = UserFactory(email="kari@example.no")
    response = client.post(reverse("password_reset"), {"email": "kari@example.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt passord til KAM-portalen"
    link = re.search(r"http://\S+/password-reset/\S+/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]

    form_page = client.get(path, follow=True)
    assert "Velg nytt passord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Fjordtiltak-2026!", "new_password2": "Fjordtiltak-2026!"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Fjordtiltak-2026!")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.no"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_forged_link_says_it_does_not_work(client):
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "forged"}))
    assert "Denne lenken virker ikke" in response.content.decode()


def test_mismatched_new_passwords_are_refused_and_nothing_changes(client):
    user = UserFactory(email="kari@example.no")
    client.post(reverse("password_reset"), {"email": "kari@example.no"})
    path = re.search(r"/password-reset/\S+/\S+/", mail.outbox[0].body).group(0)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Fjordtiltak-2026!", "new_password2": "Annet-passord-2026"})
    assert response.status_code == 200
    assert "De to passordfeltene er ikke like" in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password("Fjordtiltak-2026!")
