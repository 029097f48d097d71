"""National-scale data for the benchmark, written in bulk into the real tables of an empty database.

Scale 1 is the national picture: 11 regions, 20 providers, 2,000 staff, 50,000 employers, 500,000
candidates, 200,000 recruitments, about 1.9 M proposals, 5.5 M recruitment events, 1 M consents,
850 k document rows (no files: a missing CV is skipped in the list PDF, as in production), 1 M
notifications. Everything else scales with it; dates are relative to today, so the open
recruitments, interviews and follow-ups are due around now. Deterministic for a given scale.

Personas (password BENCH_PASSWORD): kam-0-0@bench.no (a KAM of provider 0), advisor-0-0@bench.no,
admin-0@bench.no, coordinator-0@bench.no (region 0) and contact-0@bench.no (an employer contact).
"""

import hashlib
import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, Notification, Provider, Region, Role, TermsAcceptance, User
from accounts.terms import TERMS_VERSION
from candidates.models import Candidate, Consent, Document
from kamportal.lib.orgnr import org_number_check_digit
from recruitment.bench.copy import insert, reset_sequences
from recruitment.models import Contact as EmployerContact
from recruitment.models import (
    ContactLogEntry,
    CoordinationRequest,
    Employer,
    Interview,
    MappingForm,
    MappingFormVersion,
    MappingPosition,
    Placement,
    Recruitment,
    RecruitmentEvent,
    Submission,
)

BENCH_PASSWORD = "bench-passord-2026"
REGIONS = [
    "Oslo",
    "Viken",
    "Innlandet",
    "Vestfold og Telemark",
    "Agder",
    "Rogaland",
    "Vestland",
    "Møre og Romsdal",
    "Trøndelag",
    "Nordland",
    "Troms og Finnmark",
]
PROVIDERS = 20
FIRST = ["Ola", "Kari", "Ingrid", "Magnus", "Sigrid", "Jonas", "Hanne", "Eirik", "Nora", "Emil", "Åse", "Øystein"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Berg", "Haugen"]
WORDS = ["Fjord", "Bygg", "Sjømat", "Handel", "Logistikk", "Helse", "Hotell", "Verksted", "Renhold", "Transport"]
SECTORS = ["industry", "construction", "health", "hospitality", "retail", "transport", "seafood", "services"]

# (status, share, submission statuses to draw from)
RECRUITMENT_MIX = [
    ("filled", 30, ["chosen", "not_chosen", "rejected", "not_shortlisted", "not_shortlisted", "withdrawn"]),
    ("closed_unfilled", 25, ["rejected", "not_shortlisted", "not_shortlisted", "withdrawn"]),
    ("cancelled", 10, ["proposed", "withdrawn", "not_shortlisted"]),
    ("open", 12, ["proposed", "proposed", "proposed", "withdrawn"]),
    ("shortlist_sent", 10, ["shortlisted", "shortlisted", "not_shortlisted", "withdrawn"]),
    ("interviewing", 6, ["interview", "shortlisted", "rejected", "not_shortlisted"]),
    ("candidate_chosen", 4, ["chosen", "not_chosen", "rejected", "not_shortlisted"]),
    ("draft", 3, []),
]
ACTIVE = {"open", "shortlist_sent", "interviewing", "candidate_chosen", "draft"}
LISTED = {"filled", "closed_unfilled", "shortlist_sent", "interviewing", "candidate_chosen"}
PAST_LIST = {"shortlisted", "interview", "rejected", "chosen", "not_chosen"}
FINAL_ACTION = {"filled": "fill", "closed_unfilled": "close_unfilled", "cancelled": "cancel"}
DECISION_ACTION = {
    "shortlisted": ["shortlist"],
    "not_shortlisted": ["not_shortlist"],
    "withdrawn": ["withdraw"],
    "interview": ["shortlist", "invite"],
    "rejected": ["shortlist", "reject"],
    "chosen": ["shortlist", "invite", "choose"],
    "not_chosen": ["shortlist", "invite", "not_choose"],
}


@dataclass
class Sizes:
    scale: float
    staff: int = field(init=False)
    employers: int = field(init=False)
    candidates: int = field(init=False)
    recruitments: int = field(init=False)
    notifications: int = field(init=False)

    def __post_init__(self):
        def n(base: int, least: int) -> int:
            return max(least, round(base * self.scale))

        self.kams_per_provider = n(600, 20) // PROVIDERS
        self.advisors_per_provider = n(1300, 20) // PROVIDERS
        self.admins_per_provider = n(89, 20) // PROVIDERS
        self.staff = PROVIDERS * (self.kams_per_provider + self.advisors_per_provider + self.admins_per_provider)
        self.employers = n(50_000, 40)
        self.candidates = n(500_000, 400)
        self.recruitments = n(200_000, 80)
        self.notifications = n(1_000_000, 200)


def _org_numbers(count: int) -> list[str]:
    numbers, base = [], 80000000
    while len(numbers) < count:
        digit = org_number_check_digit(str(base))
        if digit is not None:
            numbers.append(f"{base}{digit}")
        base += 1
    return numbers


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_scale(*, scale: float, stdout=None) -> dict[str, int]:
    """Fill an empty database; return the row count per table."""
    if Employer.objects.exists() or Candidate.objects.exists():
        raise ValueError("seed_scale needs a database without employers or candidates (a scratch database).")
    say = (lambda text: stdout.write(text)) if stdout else (lambda text: None)
    sizes = Sizes(scale)
    rnd = random.Random(19)
    today = timezone.localdate()
    now = timezone.now()
    counts: dict[str, int] = {}
    with transaction.atomic():
        regions = [Region.objects.get_or_create(name=name)[0] for name in REGIONS]
        providers = [
            Provider.objects.create(name=f"Bench tiltak {p:02d} AS", region=regions[p % len(regions)])
            for p in range(PROVIDERS)
        ]

    # --- staff and contact users -------------------------------------------------------------
    password = make_password(BENCH_PASSWORD)
    users: list[tuple] = []
    memberships: list[tuple] = []
    kams: list[list[int]] = []
    advisors: list[list[int]] = []
    advisor_email: dict[int, str] = {}

    def add_user(email: str, name: str, provider_id: int | None, role: str | None, region_id=None) -> int:
        user_id = len(users) + 1
        users.append((user_id, email, name, provider_id, password, now, False, True, False))
        if role:
            memberships.append((len(memberships) + 1, user_id, role, region_id))
        return user_id

    for p, provider in enumerate(providers):
        kams.append(
            [
                add_user(f"kam-{p}-{k}@bench.no", f"KAM {rnd.choice(FIRST)} {p}-{k}", provider.pk, Role.KAM)
                for k in range(sizes.kams_per_provider)
            ]
        )
        advisors.append([])
        for a in range(sizes.advisors_per_provider):
            email = f"advisor-{p}-{a}@bench.no"
            advisor_email[add_user(email, f"Veileder {p}-{a}", provider.pk, Role.ADVISOR)] = email
            advisors[p].append(len(users))
        for a in range(sizes.admins_per_provider):
            add_user(
                f"admin-{p}{'' if a == 0 else f'-{a}'}@bench.no", f"Admin {p}-{a}", provider.pk, Role.PROVIDER_ADMIN
            )
    for r, region in enumerate(regions):
        add_user(f"coordinator-{r}@bench.no", f"Prosjektleder {r}", None, Role.REGION_COORDINATOR, region.pk)
    staff_ids = list(range(1, len(users) + 1))
    contact_users = max(2, sizes.employers // 100)  # every 100th employer's primary contact has an account
    first_contact_user = len(users) + 1
    for c in range(contact_users):
        add_user(f"contact-{c}@bench.no", f"Kontakt {c}", None, None)
    user_columns = [
        "id",
        "email",
        "full_name",
        "provider_id",
        "password",
        "date_joined",
        "is_superuser",
        "is_active",
        "is_staff",
    ]
    counts["users"] = insert(User, user_columns, users)
    counts["memberships"] = insert(Membership, ["id", "user_id", "role", "region_id"], memberships)
    counts["terms"] = insert(
        TermsAcceptance,
        ["id", "user_id", "version", "accepted_at"],
        ((c + 1, first_contact_user + c, TERMS_VERSION, now) for c in range(contact_users)),
    )
    say(f"users {counts['users']}")

    # --- employers, contacts, contact log, mapping forms -------------------------------------
    numbers = _org_numbers(sizes.employers)
    employer_provider = [rnd.randrange(PROVIDERS) for _ in range(sizes.employers)]
    employer_provider[0] = 0  # the personas' employer: kam-0-0's, with contact-0 as its primary contact
    employer_kam = [rnd.choice(kams[p]) for p in employer_provider]
    employer_kam[0] = kams[0][0]
    tiers = ["gold", "silver", "silver", "bronze", "bronze", "bronze", "", "", "excluded"]

    def employers():
        for e in range(sizes.employers):
            p = employer_provider[e]
            yield (
                e + 1,
                f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {e:06d} AS",
                numbers[e],
                providers[p].region_id,
                providers[p].pk,
                employer_kam[e],
                rnd.choice(SECTORS),
                rnd.choice(tiers),
                "Bergen",
            )

    counts["employers"] = insert(
        Employer,
        [
            "id",
            "name",
            "org_number",
            "region_id",
            "responsible_provider_id",
            "responsible_kam_id",
            "sector",
            "tier",
            "municipality",
        ],
        employers(),
    )
    contact_columns = ["id", "employer_id", "full_name", "email", "is_primary", "user_id"]
    primary_contact = {}

    def contacts():
        contact_id = 0
        for e in range(sizes.employers):
            contact_id += 1
            primary_contact[e] = contact_id
            user_id = first_contact_user + e // 100 if e % 100 == 0 and e // 100 < contact_users else None
            yield (contact_id, e + 1, f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", f"post{e}@bedrift.no", True, user_id)
            if e % 2:
                contact_id += 1
                yield (contact_id, e + 1, f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", f"hr{e}@bedrift.no", False, None)

    counts["contacts"] = insert(EmployerContact, contact_columns, contacts())
    kinds = ["meeting", "visit", "call", "call", "email"]
    counts["contact_log"] = insert(
        ContactLogEntry,
        ["id", "employer_id", "kam_id", "kind", "occurred_on", "planned"],
        (
            (i + 1, e + 1, employer_kam[e], rnd.choice(kinds), today - timedelta(days=rnd.randrange(400)), False)
            for i, e in enumerate(e for e in range(sizes.employers) for _ in range(3))
        ),
    )
    counts["mapping_forms"] = insert(
        MappingForm,
        ["id", "employer_id", "created_by_id"],
        ((e + 1, e + 1, employer_kam[e]) for e in range(sizes.employers)),
    )
    counts["mapping_versions"] = insert(
        MappingFormVersion,
        ["id", "form_id", "number", "status", "title", "created_by_id", "sent_at", "decided_at"],
        (
            (e + 1, e + 1, 1, "approved", "Kartlegging", employer_kam[e], now - timedelta(days=400), now)
            for e in range(sizes.employers)
        ),
    )
    counts["positions"] = insert(
        MappingPosition,
        ["id", "version_id", "order", "title", "kind", "places", "tasks"],
        ((e + 1, e + 1, 1, "Lagermedarbeider", "internship", 2, "Plukk og pakk") for e in range(sizes.employers)),
    )
    say(f"employers {counts['employers']}")

    # --- candidates and their documents ------------------------------------------------------
    candidate_provider = [c % PROVIDERS for c in range(sizes.candidates)]
    candidate_advisor = [rnd.choice(advisors[p]) for p in candidate_provider]
    by_provider: list[list[int]] = [[] for _ in range(PROVIDERS)]
    for c, p in enumerate(candidate_provider):
        by_provider[p].append(c + 1)
    statuses = ["available"] * 12 + ["in_process"] * 5 + ["placed"] * 2 + ["inactive"]
    counts["candidates"] = insert(
        Candidate,
        ["id", "provider_id", "advisor_id", "full_name", "status", "email"],
        (
            (
                c + 1,
                providers[candidate_provider[c]].pk,
                candidate_advisor[c],
                f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {c:06d}",
                rnd.choice(statuses),
                f"kandidat{c}@epost.no",
            )
            for c in range(sizes.candidates)
        ),
    )
    sha = hashlib.sha256(b"bench").hexdigest()

    def documents():
        for c in range(sizes.candidates):
            yield (
                c + 1,
                c + 1,
                "cv",
                f"bench/cv-{c}.pdf",
                "CV.pdf",
                "application/pdf",
                20_000,
                sha,
                candidate_advisor[c],
            )
        application = sizes.candidates
        for c in range(sizes.candidates):
            if c % 10 < 7:
                application += 1
                yield (
                    application,
                    c + 1,
                    "application",
                    f"bench/app-{c}.pdf",
                    "Søknad.pdf",
                    "application/pdf",
                    9_000,
                    sha,
                    candidate_advisor[c],
                )

    counts["documents"] = insert(
        Document,
        [
            "id",
            "candidate_id",
            "kind",
            "stored_name",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by_id",
        ],
        documents(),
    )
    say(f"candidates {counts['candidates']}")

    # --- recruitments, requests, proposals, events, consents, interviews, placements ---------
    weights = list(accumulate(share for _, share, _ in RECRUITMENT_MIX))
    region_providers: dict[int, list[int]] = {}
    for p, provider in enumerate(providers):
        region_providers.setdefault(provider.region_id, []).append(p)
    recruitments, requests, submissions, events, consents, interviews, placements = [], [], [], [], [], [], []
    totals = dict.fromkeys(
        ["recruitments", "requests", "submissions", "events", "consents", "interviews", "placements"], 0
    )
    ids = dict.fromkeys(totals, 0)
    names = {}

    def actor_name(user_id: int) -> str:
        if user_id not in names:
            names[user_id] = f"Bruker {user_id}"
        return names[user_id]

    def event(r_id, subject, subject_id, provider_id, action, from_status, to_status, actor_id, at, shared=False):
        ids["events"] += 1
        events.append(
            (
                ids["events"],
                r_id,
                subject,
                subject_id,
                provider_id,
                action,
                from_status,
                to_status,
                actor_id,
                actor_name(actor_id),
                at,
                shared,
            )
        )

    recruitment_columns = [
        "id",
        "employer_id",
        "mapping_version_id",
        "position_id",
        "title",
        "coordinating_provider_id",
        "coordinating_kam_id",
        "mode",
        "status",
        "cv_deadline",
        "list_sent_at",
        "list_sent_to_id",
        "feedback_deadline",
        "created_by_id",
        "created_at",
        "closed_reason",
    ]
    request_columns = [
        "id",
        "recruitment_id",
        "supplying_provider_id",
        "supplying_kam_id",
        "status",
        "sent_by_id",
        "sent_at",
    ]
    submission_columns = [
        "id",
        "recruitment_id",
        "candidate_id",
        "provider_id",
        "coordination_request_id",
        "cv_id",
        "suitability",
        "advisor_id",
        "advisor_email",
        "status",
        "employer_answer",
        "proposed_by_id",
        "proposed_at",
        "decided_at",
        "listed_at",
    ]
    event_columns = [
        "id",
        "recruitment_id",
        "subject",
        "subject_id",
        "provider_id",
        "action",
        "from_status",
        "to_status",
        "actor_id",
        "actor_name",
        "at",
        "shared_with_employer",
    ]
    consent_columns = [
        "id",
        "candidate_id",
        "employer_id",
        "recruitment_id",
        "given_on",
        "method",
        "recorded_by_id",
        "withdrawn_at",
        "withdrawn_by_id",
        "covers_cv",
        "covers_application",
        "covers_assessment",
    ]
    interview_columns = ["id", "submission_id", "starts_at", "place", "scheduled_by_id"]
    placement_columns = [
        "id",
        "submission_id",
        "recruitment_id",
        "employer_id",
        "candidate_id",
        "provider_id",
        "status",
        "start_date",
        "workplace_contact_name",
        "next_follow_up",
        "created_by_id",
        "hired_on",
        "employment_kind",
    ]

    def flush(final=False):
        for name, model, columns, rows in [
            ("recruitments", Recruitment, recruitment_columns, recruitments),
            ("requests", CoordinationRequest, request_columns, requests),
            ("submissions", Submission, submission_columns, submissions),
            ("events", RecruitmentEvent, event_columns, events),
            ("consents", Consent, consent_columns, consents),
            ("interviews", Interview, interview_columns, interviews),
            ("placements", Placement, placement_columns, placements),
        ]:
            if rows and (final or len(events) > 200_000):
                totals[name] += insert(model, columns, rows)
                rows.clear()

    for r in range(sizes.recruitments):
        r_id = r + 1
        e = rnd.randrange(sizes.employers)
        p = employer_provider[e]
        kam = employer_kam[e] if rnd.random() < 0.8 else rnd.choice(kams[p])
        status, _, pool = RECRUITMENT_MIX[bisect(weights, rnd.randrange(weights[-1]))]
        if r == 0:  # the list contact-0 reviews, coordinated by kam-0-0
            e, p, kam = 0, 0, kams[0][0]
            status, _, pool = RECRUITMENT_MIX[4]
        if status in ACTIVE:
            created = today - timedelta(days=rnd.randrange(5, 60))
            cv_deadline = today + timedelta(days=rnd.randrange(-6, 20)) if status in {"open", "draft"} else created
        else:
            created = today - timedelta(days=rnd.randrange(60, 1800))
            cv_deadline = created + timedelta(days=14)
        listed = status in LISTED
        list_sent = _aware(cv_deadline + timedelta(days=2)) if listed else None
        if status in {"shortlist_sent", "interviewing", "candidate_chosen"}:
            list_sent = _aware(today - timedelta(days=rnd.randrange(1, 40)))
        feedback = list_sent.date() + timedelta(days=10) if list_sent else None
        multi = rnd.random() < 0.3 and len(region_providers[providers[p].region_id]) > 1
        recruitments.append(
            (
                r_id,
                e + 1,
                e + 1,
                e + 1,
                f"Stilling {r_id}",
                providers[p].pk,
                kam,
                "multi" if multi else "single",
                status,
                cv_deadline,
                list_sent,
                primary_contact[e] if listed else None,
                feedback,
                kam,
                _aware(created),
                "Ingen passende kandidat" if status == "closed_unfilled" else "",
            )
        )
        at = _aware(created)
        event(r_id, "recruitment", r_id, providers[p].pk, "created", "", "draft", kam, at)
        if status == "draft":
            continue
        event(r_id, "recruitment", r_id, providers[p].pk, "open", "draft", "open", kam, at + timedelta(hours=1))
        suppliers = [(p, None)]
        if multi:
            for q in region_providers[providers[p].region_id]:
                if q != p:
                    ids["requests"] += 1
                    requests.append(
                        (ids["requests"], r_id, providers[q].pk, rnd.choice(kams[q]), "candidates_submitted", kam, at)
                    )
                    event(r_id, "request", ids["requests"], providers[q].pk, "sent", "", "sent", kam, at)
                    suppliers.append((q, ids["requests"]))
        if listed:
            event(
                r_id, "recruitment", r_id, providers[p].pk, "send_list", "open", "shortlist_sent", kam, list_sent, True
            )
        if status in FINAL_ACTION:
            event(r_id, "recruitment", r_id, providers[p].pk, FINAL_ACTION[status], "", status, kam, at + timedelta(30))
        chosen_done = False
        for q, request_id in suppliers:
            wanted = rnd.randrange(4, 17) // len(suppliers)
            for c_id in rnd.sample(by_provider[q], min(wanted, len(by_provider[q]))):
                s_status = rnd.choice(pool)
                if s_status == "chosen":
                    if chosen_done:
                        s_status = "not_chosen"
                    chosen_done = True
                ids["submissions"] += 1
                s_id = ids["submissions"]
                advisor = candidate_advisor[c_id - 1]
                proposed = at + timedelta(days=rnd.randrange(1, 10))
                answer = ""
                if s_status in {"interview", "chosen", "not_chosen"} or (
                    s_status == "shortlisted" and rnd.random() < 0.4
                ):
                    answer = "interview"
                submissions.append(
                    (
                        s_id,
                        r_id,
                        c_id,
                        providers[q].pk,
                        request_id,
                        c_id,
                        "Passer godt.",
                        advisor,
                        advisor_email[advisor],
                        s_status,
                        answer,
                        advisor,
                        proposed,
                        None if s_status == "proposed" else proposed + timedelta(days=5),
                        list_sent if list_sent and s_status in PAST_LIST else None,
                    )
                )
                event(r_id, "submission", s_id, providers[q].pk, "proposed", "", "proposed", advisor, proposed)
                for action in DECISION_ACTION.get(s_status, []):
                    event(r_id, "submission", s_id, providers[q].pk, action, "", s_status, kam, proposed + timedelta(5))
                if s_status in PAST_LIST:
                    ids["consents"] += 1
                    withdrawn = rnd.random() < 0.03
                    consents.append(
                        (
                            ids["consents"],
                            c_id,
                            e + 1,
                            r_id,
                            proposed.date(),
                            "digital",
                            advisor,
                            now if withdrawn else None,
                            advisor if withdrawn else None,
                            True,
                            True,
                            True,
                        )
                    )
                if s_status == "interview":
                    ids["interviews"] += 1
                    starts = _aware(today + timedelta(days=rnd.randrange(-3, 14)), 9 + rnd.randrange(6))
                    interviews.append((ids["interviews"], s_id, starts, "Hos arbeidsgiver", kam))
                    event(
                        r_id,
                        "interview",
                        ids["interviews"],
                        providers[q].pk,
                        "interview_scheduled",
                        "",
                        "",
                        kam,
                        proposed + timedelta(6),
                    )
                if s_status == "chosen":
                    ids["placements"] += 1
                    p_status = "hired" if status == "filled" else rnd.choice(["planned", "active"])
                    follow_up = today + timedelta(days=rnd.randrange(-2, 30)) if p_status != "hired" else None
                    placements.append(
                        (
                            ids["placements"],
                            s_id,
                            r_id,
                            e + 1,
                            c_id,
                            providers[q].pk,
                            p_status,
                            proposed.date() + timedelta(20),
                            "Arbeidsleder",
                            follow_up,
                            kam,
                            proposed.date() + timedelta(60) if p_status == "hired" else None,
                            "permanent" if p_status == "hired" else "",
                        )
                    )
                    event(
                        r_id,
                        "placement",
                        ids["placements"],
                        providers[q].pk,
                        "created",
                        "",
                        "planned",
                        kam,
                        proposed + timedelta(20),
                    )
        flush()
        if r and r % 20_000 == 0:
            say(f"recruitments {r}")
    flush(final=True)
    counts.update(totals)

    # --- notifications -----------------------------------------------------------------------
    counts["notifications"] = insert(
        Notification,
        ["id", "user_id", "email", "kind", "subject", "body", "created_at", "read_at", "email_status"],
        (
            (
                n + 1,
                user_id := rnd.choice(staff_ids),
                f"u{user_id}@bench.no",
                "recruitment.list_sent",
                "Kandidatliste sendt",
                "Listen er sendt til arbeidsgiveren.",
                created := now - timedelta(minutes=rnd.randrange(180 * 24 * 60)),
                created + timedelta(hours=2) if rnd.random() < 0.85 else None,
                "sent",
            )
            for n in range(sizes.notifications)
        ),
    )
    reset_sequences(
        [User, Membership, TermsAcceptance, Employer, EmployerContact, ContactLogEntry, MappingForm]
        + [MappingFormVersion, MappingPosition, Candidate, Document, Recruitment, CoordinationRequest, Submission]
        + [RecruitmentEvent, Consent, Interview, Placement, Notification]
    )
    if connection.vendor == "postgresql":
        # VACUUM too: without a visibility map the planner avoids index-only scans, so a freshly
        # loaded database times deep pages as no autovacuumed production database would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return counts
