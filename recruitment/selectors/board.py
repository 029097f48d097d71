"""The recruitment board: the proposals the viewer may see (the recruitment page's own listing) as columns by status.

proposed → shortlisted → interview → chosen → hired, and the ones that go no further (not shortlisted, withdrawn,
not chosen for interview, not chosen) in one collapsed column. No queries of its own: it sorts what the page read.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from recruitment.models import PlacementStatus, Submission, SubmissionStatus

S = SubmissionStatus


@dataclass(frozen=True)
class ColumnKind:
    key: str
    title: Promise
    statuses: frozenset[str]
    collapsed: bool = False


COLUMNS = (
    ColumnKind("proposed", _("Proposed"), frozenset({S.PROPOSED})),
    ColumnKind("shortlisted", _("Shortlisted"), frozenset({S.SHORTLISTED})),
    ColumnKind("interview", _("Interview"), frozenset({S.INTERVIEW})),
    ColumnKind("chosen", _("Chosen"), frozenset({S.CHOSEN})),
    ColumnKind("hired", _("Hired"), frozenset()),
    ColumnKind(
        "closed",
        _("Rejected or withdrawn"),
        frozenset({S.NOT_SHORTLISTED, S.WITHDRAWN, S.REJECTED, S.NOT_CHOSEN}),
        collapsed=True,
    ),
)


@dataclass
class Column:
    kind: ColumnKind
    cards: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def title(self):
        return self.kind.title

    @property
    def collapsed(self) -> bool:
        return self.kind.collapsed


@dataclass
class Board:
    columns: list[Column]
    can_select: bool  # the coordinating KAM may tick proposed cards and decide on them together

    @property
    def total(self) -> int:
        return sum(len(c.cards) for c in self.columns)


def _hired(submission: Submission) -> bool:
    placement = getattr(submission, "placement", None)  # a missing reverse one-to-one raises AttributeError
    return placement is not None and placement.status == PlacementStatus.HIRED


def column_of(submission: Submission) -> str:
    if submission.status == S.CHOSEN and _hired(submission):
        return "hired"
    return next(kind.key for kind in COLUMNS if submission.status in kind.statuses)


def proposal_board(page) -> Board:
    """The board of a `recruitment_page` (its `submissions` are already scoped to the viewer by the policy)."""
    recruitment = page.recruitment
    columns = {kind.key: Column(kind) for kind in COLUMNS}
    for submission in page.submissions:
        columns[column_of(submission)].cards.append(submission)
    can_select = page.manages and recruitment.takes_candidates
    for submission in columns["proposed"].cards:
        submission.selectable = can_select and submission.listed_at is None
    return Board(
        columns=list(columns.values()),
        can_select=can_select and any(s.selectable for s in columns["proposed"].cards),
    )
