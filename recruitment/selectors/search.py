"""The search box: employers (name, organisation number, also its last digits), recruitments (title, employer)
and candidates, each through the access policy, a few best matches of each."""

from dataclasses import dataclass

from accounts.models import User
from accounts.policy import candidates_visible_to, employers_visible_to, principal_for, recruitments_visible_to
from kamportal.lib.orgnr import normalise_org_number
from kamportal.textsearch import SHORTEST_DIGITS, SHORTEST_QUERY, fold, folded_match

RESULTS_PER_KIND = 20


@dataclass
class SearchResults:
    query: str
    employers: list
    recruitments: list
    candidates: list

    @property
    def count(self) -> int:
        return len(self.employers) + len(self.recruitments) + len(self.candidates)


def _employers(user: User, query: str) -> list:
    visible = employers_visible_to(user).select_related("region", "responsible_provider")
    digits = normalise_org_number(query)
    if digits.isdigit():
        if len(digits) < SHORTEST_DIGITS:
            return []
        return list(visible.filter(org_number__contains=digits).order_by("name", "id")[:RESULTS_PER_KIND])
    matches = folded_match(visible, ["name"], query)
    return list(matches.order_by("-match", "name", "id")[:RESULTS_PER_KIND])


def _recruitments(user: User, query: str) -> list:
    visible = recruitments_visible_to(user).select_related("employer", "coordinating_provider")
    matches = folded_match(visible, ["title", "employer__name"], query)
    return list(matches.order_by("-match", "-created_at", "-id")[:RESULTS_PER_KIND])


def _candidates(user: User, query: str) -> list:
    if not principal_for(user).is_provider_staff:
        return []  # region coordinators see numbers, never names; contacts use their portal
    visible = candidates_visible_to(user).select_related("advisor", "provider")
    matches = folded_match(visible, ["full_name"], query)
    return list(matches.order_by("-match", "full_name", "id")[:RESULTS_PER_KIND])


def search(*, user: User, query: str) -> SearchResults:
    """At most RESULTS_PER_KIND of each kind; nothing for a query shorter than SHORTEST_QUERY letters."""
    query = " ".join(query.split())
    if len(fold(query)) < SHORTEST_QUERY:
        return SearchResults(query=query, employers=[], recruitments=[], candidates=[])
    digits_only = normalise_org_number(query).isdigit()
    return SearchResults(
        query=query,
        employers=_employers(user, query),
        recruitments=[] if digits_only else _recruitments(user, query),
        candidates=[] if digits_only else _candidates(user, query),
    )


__all__ = ["SearchResults", "search"]
