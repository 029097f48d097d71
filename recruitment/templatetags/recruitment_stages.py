"""The stage indicator at the top of a recruitment's page: where in the process it stands, at a glance."""

from django import template
from django.utils.translation import gettext_lazy as _

from recruitment.models import RecruitmentStatus as R

register = template.Library()

STAGES = (
    (R.DRAFT, _("Draft")),
    (R.OPEN, _("Collecting candidates")),
    (R.SHORTLIST_SENT, _("List sent")),
    (R.INTERVIEWING, _("Interviews")),
    (R.CANDIDATE_CHOSEN, _("Candidate chosen")),
    (R.FILLED, _("Filled")),
)
STOPPED = {R.CLOSED_UNFILLED: _("Closed without a hire"), R.CANCELLED: _("Cancelled")}


def recruitment_stage_steps(status: str) -> list[dict]:
    """Each stage with its state: "done", "current" or "todo"; a stopped recruitment ends in its stop."""
    order = [value for value, _label in STAGES]
    if status in STOPPED:
        return [{"label": label, "state": "todo"} for _value, label in STAGES[:1]] + [
            {"label": STOPPED[status], "state": "stopped"}
        ]
    current = order.index(status) if status in order else 0
    return [
        {"label": label, "state": "done" if index < current else "current" if index == current else "todo"}
        for index, (_value, label) in enumerate(STAGES)
    ]


@register.inclusion_tag("recruitment/recruitments/_stages.html")
def recruitment_stages(recruitment):
    return {"steps": recruitment_stage_steps(recruitment.status)}
