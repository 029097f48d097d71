"""Services, selectors and the access policy never take an HTTP request: who/where comes from the work context."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "recruitment", "candidates")
LAYERS = ("services", "selectors", "policy")


def layer_modules() -> list[str]:
    names = []
    for app in APPS:
        for layer in LAYERS:
            if (ROOT / app / f"{layer}.py").exists():
                names.append(f"{app}.{layer}")
            package = ROOT / app / layer
            if package.is_dir():
                names.append(f"{app}.{layer}")
                names += [f"{app}.{layer}.{m.name}" for m in pkgutil.iter_modules([str(package)])]
    return names


def public_functions(module_name: str):
    module = importlib.import_module(module_name)
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("_") and function.__module__ == module_name:
            yield name, function


def request_parameters(function) -> list[str]:
    found = []
    for parameter in inspect.signature(function).parameters.values():
        annotation = parameter.annotation
        annotation = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
        if parameter.name == "request" or "HttpRequest" in annotation or "WSGIRequest" in annotation:
            found.append(parameter.name)
    return found


def test_the_scan_finds_the_layers():
    modules = layer_modules()
    assert {"accounts.services", "accounts.policy.candidates", "recruitment.services.recruitments"} <= set(modules)
    assert sum(1 for m in modules for _ in public_functions(m)) > 100


@pytest.mark.parametrize("module_name", layer_modules())
def test_no_service_selector_or_policy_function_takes_a_request(module_name):
    offenders = [
        f"{module_name}.{name}({', '.join(params)})"
        for name, function in public_functions(module_name)
        if (params := request_parameters(function))
    ]
    assert not offenders, f"takes an HTTP request; use `actor` and kamportal.lib.context instead: {offenders}"


def test_the_check_catches_a_request_parameter():
    from django.http import HttpRequest

    def by_name(*, actor, request=None): ...

    def by_annotation(*, actor, http: HttpRequest): ...

    def by_string_annotation(*, actor, http: "HttpRequest"): ...

    def clean(*, actor, coordination_request): ...

    assert request_parameters(by_name) == ["request"]
    assert request_parameters(by_annotation) == ["http"]
    assert request_parameters(by_string_annotation) == ["http"]
    assert request_parameters(clean) == []
