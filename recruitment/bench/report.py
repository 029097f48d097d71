"""The benchmark's Markdown report: one row per page and role, one column group per scale."""

import os

from django.utils import timezone

from recruitment.bench.pages import Timing

# The admin changelist a user could fall back to for each page.
PEERS = {
    "employer list": "changelist employer",
    "employers without meeting": "changelist employer",
    "employer list, deep page": "changelist employer, deep page",
    "recruitment list": "changelist recruitment",
    "recruitment list, all": "changelist recruitment",
    "recruitment detail": "changelist submission",
    "candidate list": "changelist candidate, deep page",
    "candidate list, deep page": "changelist candidate, deep page",
    "candidate list, all, deep page": "changelist candidate, deep page",
    "notifications": "changelist notification",
}


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}, {os.cpu_count()} cores"


def render(results: dict[str, list[Timing]], *, extra: list[str] = (), runs: int) -> str:
    labels = [label for label, timings in results.items() if timings]
    if not labels:
        return "\n".join(["# Benchmark (no pages timed)", "", *extra]) + "\n"
    first, last = labels[0], labels[-1]
    by_key = {label: {(t.role, t.page): t for t in timings} for label, timings in results.items()}
    lines = [
        f"# Benchmark {timezone.localtime():%Y-%m-%d %H:%M}, {runs} timed requests per page, {machine_load()}",
        "",
        "| role | page | " + " | ".join(f"p50 / p95 ms @{label}" for label in labels) + " | queries | SQL ms "
        f"@{last} | growth p95 | admin p95 @{last} | status |",
        "|---|---|" + "---|" * len(labels) + "---|---|---|---|---|",
    ]
    for role, page in by_key[last]:
        cells = []
        for label in labels:
            timing = by_key[label].get((role, page))
            cells.append(f"{timing.p50:.0f} / {timing.p95:.0f}" if timing else "–")
        top = by_key[last][(role, page)]
        base = by_key[first].get((role, page))
        growth = f"{top.p95 / base.p95:.2f}" if base and base.p95 and len(labels) > 1 else "–"
        queries = "/".join(
            str(by_key[label][(role, page)].queries) for label in labels if (role, page) in by_key[label]
        )
        peer = by_key[last].get(("admin", PEERS.get(page, "")))
        lines.append(
            f"| {role} | {page} | " + " | ".join(cells) + f" | {queries} | {top.sql_ms:.0f} | {growth} | "
            f"{f'{peer.p95:.0f}' if peer and role != 'admin' else '–'} | {top.status} |"
        )
    lines.extend(["", *extra])
    return "\n".join(lines) + "\n"
