"""The repository explains itself: the README starts with the two commands and points only inside the repo."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_starts_with_the_two_commands():
    first_section = (ROOT / "README.md").read_text().split("\n## ", 1)[0].split("\n\n`make run` needs", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_section.splitlines() if line.startswith("    ")]
    assert commands == ["make run", "make test"]


def test_the_docs_point_to_nothing_outside_the_repository():
    for name in ("README.md", "ARCHITECTURE.md", "DEPLOY.md"):
        text = (ROOT / name).read_text()
        assert "../" not in text, name
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not target.startswith(("http://", "https://")):
                assert (ROOT / target).exists(), f"{name} links to a missing {target}"
