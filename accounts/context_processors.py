from accounts.policy import notifications_visible_to, principal_for


def principal(request):
    from accounts.request_user import unread_notifications

    user = getattr(request, "user", None)
    context = {"principal": principal_for(user)}
    if user is not None and user.is_authenticated:
        unread = unread_notifications(user)
        if unread is None:
            unread = notifications_visible_to(user).filter(read_at__isnull=True).count()
        context["unread_notifications"] = unread
    return context
