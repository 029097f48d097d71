"""django-axes: count failed logins per (lower-cased e-mail, IP address)."""


def lockout_username(request, credentials) -> str | None:
    username = (credentials or {}).get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    return username.strip().lower() if username else None
