"""50 identical POSTs at the same moment on each state-changing action make one change and one notification
per recipient, and never a 500 (PostgreSQL: one connection per thread, as under gunicorn).

The posts carry no form token, so the state machine's conditional UPDATE alone must hold.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from recruitment.models import MappingStatusChange, RecruitmentEvent
from recruitment.services import recruitments as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.kamportal.test_create_forms import _together, on_postgresql
from tests.recruitment.factories import sent_mapping_form
from tests.recruitment.hiring_factories import sent_list
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for

POSTS = 50


@dataclass
class Action:
    user: object  # None: an e-mailed link, no login
    url: str
    data: dict
    changes: Callable[[], int]
    notifies: bool = True


def _send_list(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    return Action(
        world.kam_a,
        reverse("recruitment:send_list", kwargs={"uuid": recruitment.uuid}),
        {"contact": str(world.contact_a.pk), "message": ""},
        lambda: RecruitmentEvent.objects.filter(recruitment=recruitment, action="send_list").count(),
    )


def _shortlist(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    return Action(
        world.kam_a,
        reverse("recruitment:proposal_decide", kwargs={"uuid": submission.uuid}),
        {"decision": "shortlist", "feedback": ""},
        lambda: RecruitmentEvent.objects.filter(subject_id=submission.pk, to_status="shortlisted").count(),
        notifies=True,  # the advisor (and a supplying KAM) hear of the decision, once (issue 17)
    )


def _approve(world):
    form, _, token = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    return Action(
        None,
        reverse("recruitment:mapping_approval", kwargs={"token": token}),
        {"decision": "approve", "comment": ""},
        lambda: MappingStatusChange.objects.filter(version__form=form, to_status="approved").count(),
    )


def _open(world):
    recruitment = recruitment_for(world, open_it=False)
    return Action(
        world.kam_a,
        reverse("recruitment:recruitment_open", kwargs={"uuid": recruitment.uuid}),
        {},
        lambda: RecruitmentEvent.objects.filter(recruitment=recruitment, to_status="open").count(),
        notifies=False,
    )


def _accept_request(world):
    recruitment = recruitment_for(world)
    [request] = services.coordination_requests_send(recruitment=recruitment, actor=world.kam_a, kams=[world.kam_b])
    return Action(
        world.kam_b,
        reverse("recruitment:request_answer", kwargs={"uuid": request.uuid}),
        {"answer": "accept", "comment": ""},
        lambda: RecruitmentEvent.objects.filter(subject_id=request.pk, to_status="accepted").count(),
    )


def _employer_answer(world):
    _recruitment, [submission] = sent_list(world, a=1, b=0)
    return Action(
        world.contact_user,
        reverse("recruitment:submission_answer", kwargs={"uuid": submission.uuid}),
        {"answer": "interview", "reason": "", "comment": ""},
        lambda: RecruitmentEvent.objects.filter(subject_id=submission.pk, to_status="interview").count(),
    )


ACTIONS = {
    "send_list": _send_list,
    "shortlist": _shortlist,
    "approve": _approve,
    "open": _open,
    "accept_request": _accept_request,
    "employer_answer": _employer_answer,
}


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ACTIONS)
def test_fifty_identical_posts_make_one_change_and_one_notification_per_recipient(world, name):
    action = ACTIONS[name](world)
    before = set(Notification.objects.values_list("pk", flat=True))
    clients = []
    for _ in range(POSTS):
        client = Client()
        if action.user is not None:
            client.force_login(action.user)
        clients.append(client)

    codes = _together(POSTS, lambda: clients.pop().post(action.url, action.data).status_code)

    assert len(codes) == POSTS and 500 not in codes, Counter(codes)
    assert action.changes() == 1
    new = Notification.objects.exclude(pk__in=before).values_list("email", "kind")
    assert bool(new) == action.notifies
    assert all(times == 1 for times in Counter(new).values()), Counter(new)
