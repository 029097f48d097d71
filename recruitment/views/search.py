"""The search box's results page: employers, recruitments and candidates the user may see."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.policy import require_role
from candidates.services import dossier_record_views
from recruitment.selectors.search import search

LONGEST_QUERY = 100


@require_GET
@require_role("is_kam", "is_advisor", "is_provider_admin", "is_region_coordinator")
def search_results(request):
    query = request.GET.get("q", "")[:LONGEST_QUERY]
    results = search(user=request.user, query=query)
    if results.candidates:
        dossier_record_views(
            items=[(candidate, None) for candidate in results.candidates],
            actor=request.user,
            what="candidate.search_listed",
        )
    return render(request, "recruitment/search.html", {"results": results})
