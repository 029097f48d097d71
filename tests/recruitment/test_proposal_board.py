"""Issue 16.4, the recruitment as a board: the proposals the viewer may see in columns by status, and the
coordinating KAM's bulk decisions (shortlist the selected, or reject them with one feedback), all or none."""

import uuid
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import FormToken, Notification
from recruitment.models import RecruitmentEvent, Submission, SubmissionStatus
from recruitment.services import recruitments as services
from recruitment.services.board import MAX_SELECTED, submissions_decide_selected
from recruitment.services.transitions import RecruitmentError
from tests.recruitment.recruitment_factories import (
    cheap_proposals,
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)

pytestmark = pytest.mark.django_db

S = SubmissionStatus


def _detail(recruitment) -> str:
    return reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})


def _bulk(recruitment) -> str:
    return reverse("recruitment:proposals_decide_selected", kwargs={"uuid": recruitment.uuid})


def _three_from_b(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    proposals = [propose(world, recruitment, proposable_candidate(world, "b")) for _ in range(3)]
    return recruitment, proposals


def _statuses(proposals) -> list[str]:
    return [Submission.objects.get(pk=p.pk).status for p in proposals]


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _notified(since: int) -> Counter:
    return Counter(Notification.objects.filter(pk__gt=since).values_list("user__email", "kind"))


def _last_notification() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- the board -------------------------------------------------------------------------------------------------


def _column(html: str, key: str) -> str:
    start = html.index(f'id="column-{key}"')
    end = html.find('<section class="board-column"', start)
    return html[start : end if end != -1 else len(html)]


def test_the_coordinating_kam_sees_every_proposal_in_its_status_column_with_counts(client, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    waiting = propose(world, recruitment, proposable_candidate(world, "b"))
    kept = propose(world, recruitment, proposable_candidate(world, "a"))
    dropped = propose(world, recruitment, proposable_candidate(world, "b"))
    services.submission_decide(submission=kept, actor=world.kam_a, shortlist=True)
    services.submission_decide(submission=dropped, actor=world.kam_a, shortlist=False, feedback="Ikke nå.")
    client.force_login(world.kam_a)

    html = client.get(_detail(recruitment)).content.decode()

    assert 'id="stages"' in html  # the stage of the whole recruitment stays on the page
    assert waiting.candidate.full_name in _column(html, "proposed")
    assert f'id="pick-{waiting.uuid}"' in _column(html, "proposed")
    assert kept.candidate.full_name in _column(html, "shortlisted")
    assert f'id="pick-{kept.uuid}"' not in html  # only undecided proposals can be selected
    closed = _column(html, "closed")
    assert dropped.candidate.full_name in closed and "<details>" in closed and "Ikke på listen" in closed
    assert 'id="column-hired-heading"' in html and "Ingen." in _column(html, "hired")
    assert '<h3 class="h6 mb-2" id="column-proposed-heading">Foreslått' in html
    assert '1<span class="visually-hidden"> forslag</span>' in _column(html, "proposed")
    assert 'id="bulk-decide"' in html and "Sett valgte på listen" in html


def test_a_supplying_kam_sees_only_its_own_candidates_and_cannot_select(client, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    theirs = propose(world, recruitment, proposable_candidate(world, "a"))
    own = propose(world, recruitment, proposable_candidate(world, "b"))
    client.force_login(world.kam_b)

    html = client.get(_detail(recruitment)).content.decode()

    assert own.candidate.full_name in _column(html, "proposed")
    assert theirs.candidate.full_name not in html
    assert 'id="bulk-decide"' not in html and 'name="proposals"' not in html
    assert '<span class="badge rounded-pill text-bg-light border" id="board-total">1<' in html


def _board_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_board_costs_the_same_queries_for_3_and_12_proposals(client, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    for status in (S.PROPOSED, S.SHORTLISTED, S.NOT_SHORTLISTED):
        cheap_proposals(world, recruitment, 1, status=status)
    client.force_login(world.kam_a)
    at_3 = _board_queries(client, _detail(recruitment))
    for status in (S.PROPOSED, S.SHORTLISTED, S.NOT_SHORTLISTED):
        cheap_proposals(world, recruitment, 3, status=status)
    at_12 = _board_queries(client, _detail(recruitment))
    assert Submission.objects.filter(recruitment=recruitment).count() == 12
    assert at_12 == at_3


# --- bulk decisions -------------------------------------------------------------------------------------------


def test_it_shortlists_three_selected_proposals_as_three_single_decisions_would(client, world):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    mark = _last_notification()

    response = client.post(
        _bulk(recruitment),
        {"decision": "shortlist", "proposals": [str(p.uuid) for p in proposals], "form_token": str(uuid.uuid4())},
        follow=True,
    )

    assert response.redirect_chain[-1][0].endswith(_detail(recruitment) + "#board")
    assert "3 forslag er satt på listen." in _messages(response)
    assert _statuses(proposals) == [S.SHORTLISTED] * 3
    events = RecruitmentEvent.objects.filter(subject_id__in=[p.pk for p in proposals], action="shortlist")
    assert {(e.from_status, e.to_status, e.actor_id) for e in events} == {(S.PROPOSED, S.SHORTLISTED, world.kam_a.pk)}
    assert events.count() == 3
    # one notification per proposal to its advisor and to the supplying KAM, as one by one
    assert _notified(mark) == {
        (world.advisor_b.email, "recruitment.shortlisted"): 3,
        (world.kam_b.email, "recruitment.shortlisted"): 3,
    }


def test_it_rejects_the_selected_with_one_feedback_to_every_advisor(client, world):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    mark = _last_notification()

    response = client.post(
        _bulk(recruitment),
        {
            "decision": "not_shortlist",
            "feedback": "  Mangler truckførerbevis. ",
            "proposals": [str(proposals[0].uuid), str(proposals[2].uuid)],
        },
        follow=True,
    )

    assert "2 forslag er avslått; veilederne får vite hvorfor." in _messages(response)
    assert _statuses(proposals) == [S.NOT_SHORTLISTED, S.PROPOSED, S.NOT_SHORTLISTED]
    assert {Submission.objects.get(pk=p.pk).feedback for p in (proposals[0], proposals[2])} == {
        "Mangler truckførerbevis."
    }
    assert _notified(mark)[(world.advisor_b.email, "recruitment.not_shortlisted")] == 2
    mails = Notification.objects.filter(pk__gt=mark, kind="recruitment.not_shortlisted", user=world.advisor_b)
    assert all("Mangler truckførerbevis." in n.body for n in mails)


def test_a_rejection_without_feedback_changes_nothing_and_says_why(client, world):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    mark = _last_notification()

    response = client.post(
        _bulk(recruitment),
        {"decision": "not_shortlist", "feedback": "   ", "proposals": [str(p.uuid) for p in proposals]},
        follow=True,
    )

    assert "Skriv en tilbakemelding til veilederen" in _messages(response)
    assert _statuses(proposals) == [S.PROPOSED] * 3
    assert _notified(mark) == Counter()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "shortlist"}, "Velg minst ett forslag."),
        ({"decision": "shortlist", "proposals": ["not-a-uuid"]}, "Utvalget er ikke gyldig."),
        ({"proposals": ["{first}"]}, "Velg: sett de valgte på listen eller avslå dem."),
        ({"decision": "hire", "proposals": ["{first}"]}, "Velg: sett de valgte på listen eller avslå dem."),
    ],
    ids=["nothing selected", "bad uuid", "no decision", "unknown decision"],
)
def test_bad_input_changes_nothing_and_is_told_in_norwegian(client, world, data, message):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    data = {
        k: [v.format(first=proposals[0].uuid) for v in vs] if isinstance(vs, list) else vs for k, vs in data.items()
    }
    response = client.post(_bulk(recruitment), data, follow=True)
    assert message in _messages(response)
    assert _statuses(proposals) == [S.PROPOSED] * 3


def test_one_already_rejected_in_the_selection_changes_nothing_and_names_how_many_and_why(client, world):
    recruitment, proposals = _three_from_b(world)
    services.submission_decide(submission=proposals[1], actor=world.kam_a, shortlist=False, feedback="Nei.")
    client.force_login(world.kam_a)
    mark = _last_notification()
    token = uuid.uuid4()

    response = client.post(
        _bulk(recruitment),
        {"decision": "shortlist", "proposals": [str(p.uuid) for p in proposals], "form_token": str(token)},
        follow=True,
    )

    text = _messages(response)
    assert "Ingenting ble endret: 1 av de 3 valgte forslagene kan ikke settes på listen." in text
    assert "Det venter ikke lenger på en avgjørelse (nå: ikke på listen)" in text
    assert _statuses(proposals) == [S.PROPOSED, S.NOT_SHORTLISTED, S.PROPOSED]
    assert _notified(mark) == Counter()
    assert not FormToken.objects.filter(key=token).exists()  # the refused post can be corrected and sent again


def test_a_refusal_late_in_the_selection_rolls_back_the_decisions_made_before_it(world):
    """The third proposal has no consent for this employer: the single decision refuses it after the first two
    were shortlisted in the same transaction, and those two are undone with it."""
    recruitment, proposals = _three_from_b(world)
    cheap_proposals(world, recruitment, 1, consent=False)
    without_consent = Submission.objects.filter(recruitment=recruitment).order_by("-pk").first()
    mark = _last_notification()
    events = RecruitmentEvent.objects.count()

    with pytest.raises(RecruitmentError) as refused:
        submissions_decide_selected(
            recruitment=recruitment,
            selected=[p.uuid for p in proposals[:2]] + [without_consent.uuid],
            actor=world.kam_a,
            shortlist=True,
        )

    assert "1 av de 3" in str(refused.value) and "samtykke" in str(refused.value)
    assert _statuses([*proposals[:2], without_consent]) == [S.PROPOSED] * 3
    assert _notified(mark) == Counter() and RecruitmentEvent.objects.count() == events


def test_a_proposal_not_visible_or_of_another_recruitment_changes_nothing(client, world):
    recruitment, proposals = _three_from_b(world)
    other = recruitment_for(world)
    elsewhere = propose(world, other, proposable_candidate(world, "a"))
    client.force_login(world.kam_a)

    response = client.post(
        _bulk(recruitment),
        {"decision": "shortlist", "proposals": [str(proposals[0].uuid), str(elsewhere.uuid), str(uuid.uuid4())]},
        follow=True,
    )

    text = _messages(response)
    assert "Ingenting ble endret: 2 av de 3 valgte forslagene kan ikke settes på listen." in text
    assert "2 er ikke forslag i denne rekrutteringen som du har tilgang til." in text
    assert _statuses([proposals[0], elsewhere]) == [S.PROPOSED, S.PROPOSED]


def test_a_double_post_makes_one_change_and_one_notification_per_recipient(client, world):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    mark = _last_notification()
    data = {"decision": "shortlist", "proposals": [str(proposals[0].uuid)], "form_token": str(uuid.uuid4())}

    first = client.post(_bulk(recruitment), data)
    second = client.post(_bulk(recruitment), data, follow=True)

    assert first.status_code == 302 and second.redirect_chain[0][0] == first.url
    assert "1 forslag er satt på listen." in _messages(second)  # the first outcome, not a refusal
    assert _statuses(proposals) == [S.SHORTLISTED, S.PROPOSED, S.PROPOSED]
    assert RecruitmentEvent.objects.filter(subject_id=proposals[0].pk, action="shortlist").count() == 1
    assert _notified(mark) == {
        (world.advisor_b.email, "recruitment.shortlisted"): 1,
        (world.kam_b.email, "recruitment.shortlisted"): 1,
    }


def test_a_supplying_kam_cannot_bulk_decide(client, world):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_b)
    response = client.post(_bulk(recruitment), {"decision": "shortlist", "proposals": [str(p.uuid) for p in proposals]})
    assert response.status_code == 403
    assert _statuses(proposals) == [S.PROPOSED] * 3
    with pytest.raises(RecruitmentError):  # the service refuses it too, whoever calls it
        submissions_decide_selected(
            recruitment=recruitment, selected=[p.uuid for p in proposals], actor=world.kam_b, shortlist=True
        )
    assert _statuses(proposals) == [S.PROPOSED] * 3


def test_the_bulk_decision_is_post_only(client, world):
    recruitment, _proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    assert client.get(_bulk(recruitment)).status_code == 405


def test_more_than_the_bound_selected_at_once_is_refused_before_any_work(client, world):
    recruitment, proposals = _three_from_b(world)
    client.force_login(world.kam_a)
    selected = [str(p.uuid) for p in proposals] + [str(uuid.uuid4()) for _ in range(MAX_SELECTED)]
    response = client.post(_bulk(recruitment), {"decision": "shortlist", "proposals": selected}, follow=True)
    assert f"Velg høyst {MAX_SELECTED} forslag om gangen." in _messages(response)
    assert _statuses(proposals) == [S.PROPOSED] * 3
