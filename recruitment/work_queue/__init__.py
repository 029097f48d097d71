"""The work queue: what each role has to do now, the home page of every user.

`WorkItem` (kind, title, why, since, url) is the one item type and `@queue_source` registers a kind; each source
answers in a fixed number of queries, so the queue costs a constant number, and builds only the items shown: it
yields a `Part` (the first `shown_limit()` items and the kind's exact total), ranked in the database
(`ranked_rows`) or, for rows read once for several kinds, in Python before building (`ranked`). The due rules are
the reminders' own (`recruitment.reminders`): what the sweep would send, the queue shows until it is resolved.
Importing this package registers the kinds, in the order the home page lists them.
"""

from recruitment.work_queue import advisor, contact, kam, supplying  # noqa: F401  (registers the kinds)
from recruitment.work_queue.figures import OverviewFigures, cached_overview_figures, overview_figures
from recruitment.work_queue.items import (
    Figure,
    Part,
    WorkItem,
    WorkQueue,
    queue_for_page,
    queue_kind_asked,
    queue_source,
    work_queue,
)

__all__ = [
    "Figure",
    "OverviewFigures",
    "Part",
    "WorkItem",
    "WorkQueue",
    "cached_overview_figures",
    "overview_figures",
    "queue_for_page",
    "queue_kind_asked",
    "queue_source",
    "work_queue",
]
