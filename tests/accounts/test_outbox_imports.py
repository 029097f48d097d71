"""accounts/notifications → outbox ← tasks → reminders → notifications: one direction, no cycle (issue 12)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(module: str) -> set[str]:
    """Every module imported anywhere in the file, function bodies included."""
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_senders_never_import_the_tasks_module():
    for module in ("accounts.notifications", "accounts.outbox", "accounts.reminders"):
        assert "accounts.tasks" not in imported_modules(module), module
    assert "accounts.reminders" not in imported_modules("accounts.notifications")
    assert "accounts.notifications" not in imported_modules("accounts.outbox")
