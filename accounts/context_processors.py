from accounts.policy import notifications_visible_to, principal_for


def principal(request):
    user = getattr(request, "user", None)
    context = {"principal": principal_for(user)}
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = notifications_visible_to(user).filter(read_at__isnull=True).count()
    return context
