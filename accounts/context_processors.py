from accounts.policy import principal_for


def principal(request):
    return {"principal": principal_for(getattr(request, "user", None))}
