"""The candidate told where they stand (issue 20.4): the candidate has no account, so the news reaches their own
e-mail address as a Notification row for that address (the same outbox as every message, written in the
transaction of the change), in the candidate's language.

Only when the candidate has an e-mail address and `messages_by_email` is on (the advisor can turn it off).
The messages name the candidate, the job and the employer and who to ask (the advisor): never another
candidate, the advisor's assessment or the employer's comments. One template per event,
`recruitment/emails/candidate/<event>`; the kind is `candidate.<event>`.
"""

from recruitment.models import Submission

EVENTS = (
    "proposed",  # the advisor's provider proposed them for the job
    "on_list",  # they are on the list sent to the employer
    "not_shortlisted",  # not put on the list
    "interview",  # invited to an interview (with the .ics), or its new time
    "interview_cancelled",  # the interview is called off (CANCEL .ics)
    "chosen",  # the employer chose them
    "not_chosen",  # the employer did not invite or did not choose them
    "closed_unanswered",  # the employer did not answer in four weeks; the request is closed for them
)


def candidate_can_be_told(candidate) -> bool:
    return bool(candidate.email and candidate.messages_by_email)


def candidate_tell(*, submission: Submission, event: str, context: dict | None = None, attachments=()) -> list:
    """Tell the candidate of `submission` about `event` (one of EVENTS); [] when they are not to be told."""
    from accounts.notifications import notify

    if event not in EVENTS:
        raise ValueError(event)
    candidate = submission.candidate
    if not candidate_can_be_told(candidate):
        return []
    recruitment = submission.recruitment
    return notify(
        recipients=[candidate.email],
        kind=f"candidate.{event}",
        template=f"recruitment/emails/candidate/{event}",
        context={
            "first_name": (candidate.full_name.split() or [""])[0],
            "title": recruitment.title,
            "employer_name": recruitment.employer.name,
            "advisor_name": submission.advisor.full_name,
            "advisor_email": submission.advisor_email,
            "advisor_phone": submission.advisor_phone,
            **(context or {}),
        },
        attachments=attachments,
        language=candidate.language,
        about=candidate,
    )
