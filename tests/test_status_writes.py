"""No code outside the transition engine writes a status field.

The rule, for every non-test, non-migration module of the project: a `status` changes only in a module
whose path contains "transition" (accounts/transitions.py, the engine, and the tables and history that
drive it). Elsewhere there is no `x.status = …`, no `setattr(x, "status", …)`, no `status=` in an
`update()`, `create()`, `get_or_create()`, `update_or_create()` or `bulk_update()`, and no "status" in
`save(update_fields=…)`. A new row starts in its model's default state (or is moved there by the engine).
Fields merely named like it (`email_status`) are other fields and are not checked.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("accounts", "recruitment", "candidates", "kamportal")
WRITING_METHODS = {"update", "create", "get_or_create", "update_or_create", "bulk_update"}


def project_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def _is_status(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "status"


def status_writes(source: str) -> list[int]:
    """Line numbers at which `source` writes a status field."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            flat = [t for target in targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in flat):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name == "setattr" and len(node.args) >= 2 and _is_status(node.args[1]):
                lines.append(node.lineno)
            if name in WRITING_METHODS and any(k.arg == "status" for k in node.keywords):
                lines.append(node.lineno)
            if name in WRITING_METHODS | {"save"}:
                for keyword in node.keywords:
                    value = keyword.value
                    if keyword.arg == "defaults" and isinstance(value, ast.Dict):
                        named = value.keys
                    elif keyword.arg in ("update_fields", "fields") and isinstance(value, ast.List | ast.Tuple):
                        named = value.elts
                    else:
                        continue
                    if any(_is_status(element) for element in named):
                        lines.append(node.lineno)
    return sorted(set(lines))


def test_the_scan_reads_the_project():
    modules = project_modules()
    assert any(path.name == "transitions.py" for path in modules)
    assert len(modules) > 80


@pytest.mark.parametrize(
    "source",
    [
        "candidate.status = 'placed'",
        "a, b.status = 1, 2",
        "Candidate.objects.filter(pk=1).update(status='placed')",
        "Recruitment.objects.create(employer=e, status='open')",
        "Recruitment.objects.update_or_create(pk=1, defaults={'status': 'open'})",
        "setattr(placement, 'status', 'ended')",
        "placement.save(update_fields=['status', 'updated_at'])",
    ],
)
def test_the_scan_catches_a_status_write(source):
    assert status_writes(source) == [1]


@pytest.mark.parametrize(
    "source",
    [
        "Candidate.objects.filter(status='placed')",
        "x = candidate.status",
        "Notification.objects.filter(pk=1).update(email_status='sent')",
        "render(request, 'page.html', status=400)",
        "if recruitment.status == 'open': pass",
    ],
)
def test_the_scan_lets_reads_and_other_fields_be(source):
    assert status_writes(source) == []


def outside_the_engine(scan) -> list[str]:
    """`path:line` of every hit of `scan` in a module whose path does not contain "transition"."""
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path in project_modules()
        if "transition" not in str(path.relative_to(ROOT))
        for line in scan(path.read_text())
    ]


def test_no_code_outside_the_transition_engine_writes_a_status():
    offenders = outside_the_engine(status_writes)
    assert not offenders, f"status written outside the transition engine (use accounts.transitions): {offenders}"


HISTORY_MODELS = {"RecruitmentEvent", "MappingStatusChange"}


def history_writes(source: str) -> list[int]:
    """Line numbers at which `source` creates a history row by hand (not through `event_record`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        constructed = isinstance(function, ast.Name) and function.id in HISTORY_MODELS
        created = (
            isinstance(function, ast.Attribute)
            and function.attr in {"create", "bulk_create", "get_or_create", "update_or_create"}
            and isinstance(function.value, ast.Attribute)
            and isinstance(function.value.value, ast.Name)
            and function.value.value.id in HISTORY_MODELS
        )
        if constructed or created:
            lines.append(node.lineno)
    return lines


def test_the_history_scan_catches_a_hand_written_event():
    assert history_writes("RecruitmentEvent.objects.create(recruitment=r, action='x')") == [1]
    assert history_writes("MappingStatusChange(version=v)") == [1]
    assert history_writes("event_record(recruitment=r, action='x')") == []


def test_history_rows_are_written_only_by_the_transition_modules():
    offenders = outside_the_engine(history_writes)
    assert not offenders, f"history row written by hand (use transitions.event_record): {offenders}"
