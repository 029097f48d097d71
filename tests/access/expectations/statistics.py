"""Statistics, exports and search (issue 16). Statistics: region coordinators, provider admins and KAMs, counts
only (never candidates' names). Each list page's export (`?format=csv|xlsx`) answers exactly as its page.
Search: staff; candidates in the results only through the policy."""

from tests.access.expectations.candidates import PROVIDER_STAFF
from tests.access.expectations.employers import KAMS, READERS
from tests.access.matrix import Entry, signed_in

STATISTICS = signed_in(403, kam_a=200, kam_b=200, kam_other=200, admin_a=200, admin_b=200, coordinator=200)
STAFF = signed_in(200, contact=403, contact_other=403, outsider=403)


def csv(_world):
    return {"format": "csv"}


def xlsx(_world):
    return {"format": "xlsx"}


ENTRIES = [
    Entry("recruitment:statistics", STATISTICS, note="counts only; each reads its own region or provider"),
    Entry("recruitment:statistics", STATISTICS, data=lambda w: {"format": "csv", "table": "funnel"}),
    Entry("recruitment:statistics", STATISTICS, data=lambda w: {"format": "xlsx", "table": "scorecard"}),
    Entry("recruitment:search", STAFF, data=lambda w: {"q": "Bedrift"}, note="candidates through the policy"),
    Entry("recruitment:employer_list", signed_in(403, **READERS), data=csv),
    Entry("recruitment:employer_list", signed_in(403, **READERS), data=xlsx),
    Entry("recruitment:recruitment_list", signed_in(403, kam_a=200, kam_b=200, kam_other=200), data=csv),
    Entry("recruitment:recruitment_list", signed_in(403, kam_a=200, kam_b=200, kam_other=200), data=xlsx),
    Entry("candidates:list", signed_in(403, **PROVIDER_STAFF), data=csv, note="audited per candidate"),
    Entry("candidates:list", signed_in(403, **PROVIDER_STAFF), data=xlsx),
    Entry(
        "recruitment:my_placements",
        signed_in(403, kam_a=200, advisor_a=200, kam_b=200, advisor_b=200, kam_other=200),
        data=csv,
        note="audited per candidate",
    ),
    Entry(
        "recruitment:my_placements",
        signed_in(403, kam_a=200, advisor_a=200, kam_b=200, advisor_b=200, kam_other=200),
        data=xlsx,
    ),
    Entry("recruitment:weekly_plan", signed_in(403, **KAMS), data=csv),
    Entry("recruitment:weekly_plan", signed_in(403, **KAMS), data=xlsx),
]
