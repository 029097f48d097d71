"""After the list: the employer's contact and the coordinating KAMs (kam_a) answer per candidate; the
coordinating KAMs schedule interviews. The supplying KAM (kam_b) sees its own provider's proposal but may
do neither (403); everyone else gets 404 for the proposal, or 403 from the role check."""

from recruitment.models import EmployerAnswer
from recruitment.services import hiring
from tests.access.matrix import LOGIN, REDIRECT, Entry, expect, signed_in
from tests.recruitment.hiring_factories import sent_list


def _on_the_list(w):
    _, [submission] = sent_list(w, a=0, b=1)
    return {"uuid": submission.uuid}


def _invited(w):
    _, [submission] = sent_list(w, a=0, b=1)
    hiring.submission_employer_answer(submission=submission, actor=w.contact_user, answer=EmployerAnswer.INTERVIEW)
    return {"uuid": submission.uuid}


ANSWER = expect(404, anonymous=LOGIN, kam_a=REDIRECT, contact=REDIRECT, kam_b=403)
SCHEDULE = signed_in(403, kam_a=200, kam_b=403, kam_other=404)

ENTRIES = [
    Entry(
        "recruitment:submission_answer",
        ANSWER,
        method="post",
        kwargs=_on_the_list,
        data=lambda w: {"answer": EmployerAnswer.INTERVIEW},
        note="the contact answers, the coordinating KAM on the employer's behalf; back to the list",
    ),
    Entry("recruitment:submission_answer", expect(405), kwargs=_on_the_list, note="GET is not allowed"),
    Entry("recruitment:interview_schedule", SCHEDULE, kwargs=_invited),
    Entry(
        "recruitment:interview_schedule",
        SCHEDULE,
        method="post",
        kwargs=_invited,
        data=lambda w: {"date": "", "time": ""},
        note="an empty form re-renders with errors",
    ),
    Entry(
        "recruitment:interview_schedule",
        {**SCHEDULE, "kam_a": REDIRECT},
        kwargs=_on_the_list,
        note="a candidate not invited to interview: back to the list with a message",
    ),
]
