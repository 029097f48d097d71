"""My access history: every signed-in user reads their own audit trail (issue 14)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.history import user_history_page


@require_GET
@login_required
def my_history(request):
    page = user_history_page(user=request.user, page_number=request.GET.get("page"))
    return render(request, "accounts/history.html", {"page": page, "events": page.object_list})
