"""Placement pages: the detail page is audited and shows what the user may do, forms refuse bad input in
Norwegian, the advisor's list flags overdue follow-ups at a fixed query cost, the buttons to plan a placement
appear where a chosen proposal shows, and the portal shows the employer only its parts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from recruitment.models import Placement, PlacementNote, PlacementStatus
from recruitment.services import agreements
from recruitment.services import placements as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import chosen_submission, chosen_submissions, placement_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _text(response) -> str:
    return response.content.decode()


def _detail_url(placement) -> str:
    return reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid})


def test_the_detail_page_is_audited_as_reading_candidate_data(client, world):
    placement = placement_for(world)
    client.force_login(world.kam_a)
    response = client.get(_detail_url(placement))
    assert response.status_code == 200
    assert "Per Leder" in _text(response)
    event = AuditEvent.objects.get(action="placement.viewed")
    assert event.actor == world.kam_a and event.candidate_id == placement.candidate_id


def test_the_advisor_sees_the_edit_actions_the_coordinating_kam_only_the_outcome(client, world):
    placement = placement_for(world)
    client.force_login(world.advisor_b)
    html = _text(client.get(_detail_url(placement)))
    assert reverse("recruitment:placement_edit", kwargs={"uuid": placement.uuid}) in html
    assert 'id="note-form"' in html and 'id="hire-form"' in html
    client.force_login(world.kam_a)
    html = _text(client.get(_detail_url(placement)))
    assert reverse("recruitment:placement_edit", kwargs={"uuid": placement.uuid}) not in html
    assert 'id="note-form"' not in html and 'id="hire-form"' in html


def test_a_placement_is_created_from_the_form(client, world):
    submission = chosen_submission(world)
    client.force_login(world.advisor_b)
    url = reverse("recruitment:placement_create", kwargs={"uuid": submission.uuid})
    response = client.post(
        url,
        {"start_date": TODAY().isoformat(), "workplace_contact_name": "Per Leder", "follow_up_every_days": "7"},
    )
    placement = Placement.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail_url(placement)
    assert placement.follow_up_every_days == 7


@pytest.mark.parametrize(
    "data, message",
    [
        ({"start_date": "", "workplace_contact_name": "Per"}, "Oppgi startdatoen."),
        ({"start_date": "i morgen", "workplace_contact_name": "Per"}, "Skriv inn en dato"),
        ({"workplace_contact_name": ""}, "Oppgi navnet på kontaktpersonen på arbeidsplassen."),
        ({"follow_up_every_days": "0"}, "Følg opp hver 1 til 180 dager."),
        ({"planned_end_date": "2020-01-01"}, "Planlagt slutt kan ikke være før start."),
        ({"workplace_contact_email": "per@"}, "Skriv inn en gyldig e-postadresse."),
    ],
)
def test_bad_input_on_the_create_form_is_refused_in_norwegian_and_nothing_saved(client, world, data, message):
    submission = chosen_submission(world)
    client.force_login(world.advisor_b)
    url = reverse("recruitment:placement_create", kwargs={"uuid": submission.uuid})
    good = {"start_date": TODAY().isoformat(), "workplace_contact_name": "Per", "follow_up_every_days": "14"}
    response = client.post(url, {**good, **data})
    assert response.status_code == 200
    assert message in _text(response)
    assert not Placement.objects.exists()


def test_the_edit_form_refuses_a_stale_version(client, world):
    placement = placement_for(world)
    services.placement_update(placement=placement, actor=world.kam_b, version=1, workplace_contact_name="Åse")
    client.force_login(world.advisor_b)
    response = client.post(
        reverse("recruitment:placement_edit", kwargs={"uuid": placement.uuid}),
        {
            "start_date": TODAY().isoformat(),
            "workplace_contact_name": "Ola",
            "follow_up_every_days": "14",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert "Noen andre lagret dette mens du redigerte" in _text(response)
    assert "Lagret i mellomtiden av en annen: Åse" in _text(response)
    assert Placement.objects.get().workplace_contact_name == "Åse"


def test_a_note_without_text_rerenders_the_page_with_the_error(client, world):
    placement = placement_for(world)
    client.force_login(world.advisor_b)
    response = client.post(
        reverse("recruitment:placement_note_add", kwargs={"uuid": placement.uuid}),
        {"occurred_on": TODAY().isoformat(), "text": ""},
    )
    assert response.status_code == 200
    assert "Skriv notatet." in _text(response)
    assert not PlacementNote.objects.exists()


def test_the_coordinating_kam_records_the_hiring_from_the_page(client, world):
    placement = placement_for(world)
    client.force_login(world.kam_a)
    response = client.post(
        reverse("recruitment:placement_hire", kwargs={"uuid": placement.uuid}),
        {"hired_on": TODAY().isoformat(), "employment_kind": "permanent"},
    )
    assert response.status_code == 302
    assert Placement.objects.get().status == PlacementStatus.HIRED


# --- the advisor's list ------------------------------------------------------------------------------


def _many_placements(world, count):
    for submission in chosen_submissions(world, ("b",) * count, openings=count):
        placement_for(world, submission=submission, start_date=TODAY() - 20 * DAY)


def _list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("recruitment:my_placements"))
    assert response.status_code == 200
    return len(ctx.captured_queries), _text(response)


def test_my_placements_flags_the_overdue_and_costs_the_same_queries_for_5_and_50(client, world):
    client.force_login(world.advisor_b)
    _many_placements(world, 5)
    few, html = _list_queries(client)
    assert html.count("forfalt") == 5
    _many_placements(world, 45)
    many, html = _list_queries(client)
    assert html.count('class="table-danger"') == 50
    assert many == few


def test_my_placements_shows_an_advisor_only_their_own_candidates(client, world):
    placement_for(world, "b")
    placement_for(world, "a")
    client.force_login(world.advisor_a)
    _, html = _list_queries(client)
    assert (
        html.count(
            reverse(
                "recruitment:placement_detail", kwargs={"uuid": Placement.objects.get(provider=world.provider_a).uuid}
            )
        )
        == 1
    )
    assert str(Placement.objects.get(provider=world.provider_b).uuid) not in html


# --- where a placement is planned from -----------------------------------------------------------


def test_the_candidates_page_offers_to_plan_the_placement_of_a_chosen_proposal(client, world):
    submission = chosen_submission(world)
    create_url = reverse("recruitment:placement_create", kwargs={"uuid": submission.uuid})
    client.force_login(world.advisor_b)
    candidate_url = reverse("candidates:detail", kwargs={"uuid": submission.candidate.uuid})
    assert create_url in _text(client.get(candidate_url))
    placement = placement_for(world, submission=submission)
    html = _text(client.get(candidate_url))
    assert create_url not in html and _detail_url(placement) in html


def test_the_recruitment_page_offers_the_coordinating_kam_to_plan_the_placement(client, world):
    submission = chosen_submission(world)
    client.force_login(world.kam_a)
    url = reverse("recruitment:recruitment_detail", kwargs={"uuid": submission.recruitment.uuid})
    assert reverse("recruitment:placement_create", kwargs={"uuid": submission.uuid}) in _text(client.get(url))


# --- the employer portal -------------------------------------------------------------------------


def test_the_portal_shows_the_employer_its_placements_without_the_advisors_notes(client, world):
    placement = placement_for(world)
    point = agreements.agreement_point_add(
        placement=placement,
        actor=world.advisor_b,
        title="Oppmøte",
        employer_expects="Møter presis.",
        follow_up="Hver uke.",
    )
    agreements.agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=TODAY())
    services.placement_note_add(
        placement=placement,
        actor=world.advisor_b,
        occurred_on=TODAY(),
        text="Hemmelig notat",
        assessments={str(point.uuid): ("not_met", "Hemmelig vurdering")},
    )
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    html = _text(client.get(reverse("recruitment:portal_home")))
    assert placement.candidate.full_name in html and "Per Leder" in html
    assert "Hemmelig notat" not in html
    html = _text(client.get(reverse("recruitment:portal_placement", kwargs={"uuid": placement.uuid})))
    assert "Møter presis." in html and "Hemmelig" not in html
    assert f'href="{_detail_url(placement)}"' not in html
    assert AuditEvent.objects.filter(action="placement.viewed_in_portal", candidate_id=placement.candidate_id).exists()


def test_the_contact_of_another_employer_sees_no_placement(client, world):
    from tests.recruitment.portal_factories import contact_user

    placement = placement_for(world)
    other = contact_user(employer=world.employer_b)
    client.force_login(other.user)
    assert placement.candidate.full_name not in _text(client.get(reverse("recruitment:portal_home")))


def test_the_employer_page_counts_the_hire_in_its_year(client, world):
    placement = placement_for(world)
    services.placement_hire(placement=placement, actor=world.kam_a, hired_on=TODAY(), employment_kind="permanent")
    client.force_login(world.kam_a)
    html = _text(client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})))
    section = html[html.index('id="h-placements"') :]
    assert f'<th scope="row">{TODAY().year}</th><td>1</td>' in section


def test_the_change_mail_names_the_candidate_the_employer_and_the_change(world):
    from accounts.models import Notification

    placement = placement_for(world)
    services.placement_start(placement=placement, actor=world.advisor_b)
    notification = Notification.objects.filter(kind="recruitment.placement_start", email=world.kam_b.email).get()
    assert (
        notification.subject == f"Praksis for {placement.candidate.full_name} hos Bedrift Æ AS: Praksisen har startet"
    )
    assert "Praksisen har startet:" in notification.body and "Per Leder" in notification.body


def test_the_portal_home_costs_the_same_queries_for_1_and_4_placements_and_audits_each_once(client, world):
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    placement_for(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("recruitment:portal_home")).status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    for _ in range(3):
        placement_for(world)
    assert queries() == one
    audited = AuditEvent.objects.filter(action="placement.viewed_in_portal", actor=world.contact_user)
    assert audited.count() == 1 + 4  # one per placement shown, per page view
