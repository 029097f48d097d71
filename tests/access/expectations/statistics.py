"""Statistics, exports and search (issue 16): figures for region coordinators, provider admins and KAMs (counts,
never candidates' names); the search box for staff."""

from tests.access.matrix import Entry, signed_in

STATISTICS = signed_in(403, kam_a=200, kam_b=200, kam_other=200, admin_a=200, admin_b=200, coordinator=200)

ENTRIES = [
    Entry("recruitment:statistics", STATISTICS, note="counts only; each reads its own region or provider"),
]
