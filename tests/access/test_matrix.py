"""Every URL × every persona answers as declared in tests/access/expectations/."""

import re
import uuid

import pytest
from django.db import transaction
from django.test import Client
from django.urls import path, reverse

from tests.access.expectations import NAMESPACE_RULES, all_entries
from tests.access.matrix import ADMIN_LOGIN, LOGIN, REDIRECT, ROLES, complete, iter_urls, undeclared_urls
from tests.conftest import build_world

ENTRIES = all_entries()


def test_every_url_pattern_has_a_declaration():
    declared = {entry.name for entry in ENTRIES}
    missing = undeclared_urls(declared, set(NAMESPACE_RULES))
    assert not missing, (
        "These URL patterns have no line in the access matrix (tests/access/expectations/): " + ", ".join(missing)
    )


def test_no_declaration_names_a_url_that_does_not_exist():
    existing = {info.name for info in iter_urls() if info.name}
    stale = sorted({entry.name for entry in ENTRIES} - existing)
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


def test_the_check_names_a_url_added_without_declaration():
    def view(request):
        raise AssertionError("never called")

    patterns = [path("known/", view, name="known"), path("new-page/", view, name="brand_new_page")]
    assert undeclared_urls({"known"}, set(), patterns) == ["brand_new_page"]


def _answer(response) -> str | int:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        return REDIRECT
    return response.status_code


def _request(role, world, method, url, data):
    client = Client()
    user = world.persona(role)
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    return _answer(response)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.name}[{e.method}]")
def test_url_answers_each_role_as_declared(entry):
    world = build_world()
    url = reverse(entry.name, kwargs=entry.kwargs(world) if entry.kwargs else None)
    data = entry.data(world) if entry.data else None
    wrong = {}
    for role in ROLES:
        got = _request(role, world, entry.method, url, data)
        if got != entry.expected[role]:
            wrong[role] = f"expected {entry.expected[role]}, got {got}"
    assert not wrong, f"{entry.name} {entry.method.upper()} {url}: {wrong}"


_SAMPLE_ARGS = {"int": "1", "uuid": str(uuid.uuid4()), "slug": "x", "str": "x", "path": "x"}


def _sample_url(route: str) -> str:
    """Fill converters in a route with sample values: `<int:pk>` → 1, regex groups → x."""
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    return "/" + route.replace("^", "").replace("$", "")


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", sorted(NAMESPACE_RULES))
def test_namespace_answers_each_role_as_declared(namespace):
    default, exceptions = NAMESPACE_RULES[namespace]
    world = build_world()
    urls = [info for info in iter_urls() if info.namespace == namespace]
    assert urls, f"namespace {namespace} has no URL patterns"
    wrong = {}
    for info in urls:
        expected = complete(exceptions.get(info.name, default), names_an_object=False)
        url = _sample_url(info.route)
        for role in ROLES:
            got = _request(role, world, "get", url, None)
            if got != expected[role]:
                wrong[(url, role)] = got
    assert not wrong, f"{namespace}: {wrong}"
