"""The placement as the programme runs it, in two browsers: the advisor drafts the expectation agreement, the
employer's contact confirms it in the portal, the advisor records the candidate's confirmation and two weeks
of attendance; the contact approves one and asks to correct the other, the advisor corrects it, the contact
approves it; two follow-ups find a point "not met" and the three-party reminder goes once; the placement is
hired; the export holds both approved weeks. The contact's pages fit a 390 px phone."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import Notification, ReminderSent
from accounts.reminders import reminders_sweep
from recruitment.models import AgreementStatus, AttendanceStatus, AttendanceWeek, Placement, PlacementStatus
from recruitment.reminders import PLACEMENT_THREE_PARTY_MEETING
from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import placement_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def make(**options):
        context = browser.new_context(**{**browser_context_args, **options})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _fits_the_phone(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 391)
        .slice(0, 8)
        .map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert width <= 390, f"{page.url} is {width} px wide on a 390 px phone: {wide}"


def _submit(page, locator, name) -> None:
    locator.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_agreement_attendance_follow_up_and_hiring(world, live_server, settings, new_page):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    weeks = [monday - datetime.timedelta(days=14), monday - datetime.timedelta(days=7)]
    placement = placement_for(world, "b", start_date=monday - datetime.timedelta(days=21))
    accept_terms(world.contact_user)
    base = live_server.url

    # 1. The advisor drafts the agreement: two points, then sends it to the employer.
    advisor = new_page()
    login(advisor, live_server, world.advisor_b.email, PASSWORD)
    advisor.goto(f"{base}/placements/{placement.uuid}/agreement/")
    check_a11y(advisor, "agreement-empty")
    form = advisor.locator("#point-form")
    form.locator("[name=title]").fill("Oppmøte")
    form.get_by_label("Hvordan det følges opp").fill("Gjennomgås i hvert oppfølgingsmøte.")
    _submit(advisor, form, "Legg til punktet")  # no party's expectation: refused, in Norwegian
    assert "Skriv hva minst én av partene forventer." in advisor.content()
    for title, expects in (("Oppmøte", "Møter presis kl. 07.30."), ("Opplæring", "Lærer pakkelinjen på fire uker.")):
        form = advisor.locator("#point-form")
        form.locator("[name=title]").fill(title)
        form.get_by_label("Hva arbeidsgiveren forventer").fill(expects)
        form.get_by_label("Hvordan det følges opp").fill("Gjennomgås i hvert oppfølgingsmøte.")
        _submit(advisor, form, "Legg til punktet")
    check_a11y(advisor, "agreement-draft")
    _submit(advisor, advisor.locator("#send-form"), "Send til bekreftelse")
    assert "Venter på bekreftelse" in advisor.locator("#version-1").inner_text()

    # 2. The contact finds it on the portal home and confirms it, on a phone.
    contact = new_page(viewport={"width": 390, "height": 844})
    login(contact, live_server, world.contact_user.email, PASSWORD)
    contact.goto(f"{base}/portal/")
    awaiting = contact.locator("#portal-awaiting")
    assert "Bekreft forventningsavklaringen" in awaiting.inner_text()
    # The portal home's older tables (mapping forms, recruitments) are wider than a phone; this block is not.
    box = awaiting.bounding_box()
    assert box["x"] + box["width"] <= 390
    awaiting.get_by_role("link", name="Bekreft forventningsavklaringen").click()
    contact.wait_for_load_state()
    check_a11y(contact, "portal-placement-agreement")
    _fits_the_phone(contact)
    assert "Møter presis kl. 07.30." in contact.locator("#portal-agreement").inner_text()
    _submit(contact, contact.locator("#confirm-form"), "Bekreft forventningsavklaringen")
    assert "Du bekreftet forventningsavklaringen, versjon 1." in contact.content()

    # 3. The advisor records the candidate's confirmation: the version is confirmed by all.
    advisor.reload()
    _submit(advisor, advisor.locator(".candidate-form"), "Kandidaten bekreftet denne versjonen")
    version = placement.agreement_versions.get()
    assert version.status == AgreementStatus.CONFIRMED and version.employer_confirmed_by == world.contact_user
    assert version.employer_confirmed_hash == version.content_hash

    # 4. Two weeks of attendance.
    advisor.goto(f"{base}/placements/{placement.uuid}/attendance/")
    check_a11y(advisor, "attendance-empty")
    for week_start in weeks:
        form = advisor.locator("#week-form")
        form.locator("[name=week_start]").fill(week_start.isoformat())
        form.get_by_label("Dager til stede").fill("2")
        form.get_by_label("Timer arbeidet").fill("15")
        _submit(advisor, form, "Send til godkjenning")
    form = advisor.locator("#week-form")
    form.locator("[name=week_start]").fill(weeks[0].isoformat())
    form.get_by_label("Dager til stede").fill("1")
    form.get_by_label("Timer arbeidet").fill("7")
    _submit(advisor, form, "Send til godkjenning")  # the same week again: refused, nothing saved
    assert "Denne uken er allerede registrert. Rett den i stedet." in advisor.content()
    assert AttendanceWeek.objects.count() == 2
    check_a11y(advisor, "attendance-two-weeks")

    # 5. The contact approves the first week and asks to correct the second.
    contact.goto(f"{base}/portal/placements/{placement.uuid}/")
    first_iso, second_iso = (f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in weeks)
    _submit(contact, contact.locator(f"#portal-week-{first_iso}"), f"Godkjenn uke {first_iso}")
    second = contact.locator(f"#portal-week-{second_iso}")
    _submit(contact, second, f"Be om retting av uke {second_iso}")  # without a comment: refused
    assert "Skriv hva som bør rettes." in contact.content()
    second = contact.locator(f"#portal-week-{second_iso}")
    second.get_by_label("Hva som bør rettes").fill("Hun var her 3 dager, ikke 2.")
    _submit(contact, second, f"Be om retting av uke {second_iso}")
    check_a11y(contact, "portal-placement-attendance")
    _fits_the_phone(contact)

    # 6. The advisor corrects the week and sends it again; the contact approves it.
    advisor.reload()
    assert "Hun var her 3 dager, ikke 2." in advisor.locator("#attendance-weeks").inner_text()
    advisor.get_by_role("link", name=f"Rett uke {second_iso}").click()
    advisor.wait_for_load_state()
    check_a11y(advisor, "attendance-correct")
    advisor.get_by_label("Dager til stede").fill("3")
    advisor.get_by_label("Timer arbeidet").fill("22.5")
    _submit(advisor, advisor.locator("main form"), "Lagre og send til godkjenning")
    contact.reload()
    _submit(contact, contact.locator(f"#portal-week-{second_iso}"), f"Godkjenn uke {second_iso}")
    assert [w.status for w in AttendanceWeek.objects.order_by("week_start")] == [AttendanceStatus.APPROVED] * 2
    advisor.reload()
    _submit(advisor, advisor.locator(f"#week-{first_iso}"), f"Merk som kontrollert uke {first_iso}")
    assert "5" in advisor.locator("#attendance-totals").inner_text()  # days present: 2 + 3

    # 7. Two follow-ups find "Oppmøte" not met: the placement is flagged and the reminder goes once.
    advisor.goto(f"{base}/placements/{placement.uuid}/")
    advisor.get_by_role("button", name="Praksisen har startet").click()
    advisor.wait_for_load_state()
    for days_ago in (7, 0):
        notes = advisor.locator("#note-form")
        notes.get_by_label("Dato for oppfølgingen").fill((today - datetime.timedelta(days=days_ago)).isoformat())
        notes.locator("[name=text]").fill("Kom for sent flere dager.")
        notes.get_by_label("Hvordan går det med «Oppmøte»?").select_option("not_met")
        notes.get_by_label("Hvordan går det med «Opplæring»?").select_option("on_track")
        _submit(advisor, notes, "Legg til notatet")
    assert advisor.locator("#three-party-flag").is_visible()
    assert advisor.locator("#points-history").inner_text().count("ikke oppfylt") == 2
    check_a11y(advisor, "placement-flagged")
    assert reminders_sweep(kinds=[PLACEMENT_THREE_PARTY_MEETING]).sent[PLACEMENT_THREE_PARTY_MEETING] == 1
    assert reminders_sweep(kinds=[PLACEMENT_THREE_PARTY_MEETING]).sent[PLACEMENT_THREE_PARTY_MEETING] == 0
    assert ReminderSent.objects.filter(kind=PLACEMENT_THREE_PARTY_MEETING).count() == 1
    assert (
        Notification.objects.filter(
            kind=f"reminder.{PLACEMENT_THREE_PARTY_MEETING}", email=world.advisor_b.email
        ).count()
        == 1
    )

    # 8. The placement is hired; the export holds both approved weeks.
    hire = advisor.locator("#hire-form")
    hire.get_by_label("Type ansettelse").select_option(label="fast")
    _submit(advisor, hire, "Registrer ansettelsen")
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.HIRED
    response = advisor.request.get(f"{base}/placements/{placement.uuid}/attendance/export.csv")
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig")), delimiter=";"))
    assert [row[2] for row in rows[1:]] == [first_iso, second_iso]
    assert [row[4] for row in rows[1:]] == ["2", "3"]
    xlsx = advisor.request.get(f"{base}/placements/{placement.uuid}/attendance/export.xlsx")
    assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"


def test_the_workplace_supervisor_enters_a_week_and_asks_for_changes(world, live_server, settings, new_page):
    """Issue 20: the placement names a workplace supervisor (a contact of the employer, not the primary one).
    The supervisor enters a week on a phone (approved at entry), the advisor checks it; the supervisor asks for
    changes to the agreement, the advisor sends a new version, the supervisor confirms it. Another contact of
    the employer sees the placement read-only."""
    from recruitment.services.agreements import agreement_point_add, agreement_send
    from tests.recruitment.portal_factories import contact_user

    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    last_week = monday - datetime.timedelta(days=7)
    iso = f"{last_week.isocalendar()[0]}-W{last_week.isocalendar()[1]:02d}"
    supervisor = contact_user(employer=world.employer_a, email="veileder@bedrift-a.no", full_name="Siv Veileder")
    other = contact_user(employer=world.employer_a, email="annen@bedrift-a.no", full_name="Anne Annen")
    placement = placement_for(
        world, "b", start_date=monday - datetime.timedelta(days=21), workplace_supervisor=supervisor
    )
    point = agreement_point_add(
        placement=placement,
        actor=world.advisor_b,
        title="Arbeidstid",
        employer_expects="Møter kl. 07.30.",
        follow_up="Gjennomgås i hvert oppfølgingsmøte.",
    )
    agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=today)
    base = live_server.url
    portal_url = f"{base}/portal/placements/{placement.uuid}/"

    # 1. The supervisor enters last week on a phone: saved and approved by the employer at once.
    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, live_server, supervisor.email, PASSWORD)
    phone.goto(portal_url)
    check_a11y(phone, "portal-supervisor")
    _fits_the_phone(phone)
    form = phone.locator("#portal-week-form")
    form.locator("[name=week_start]").fill(last_week.isoformat())
    form.get_by_label("Dager til stede").fill("4")
    form.locator("[name=days_sick]").fill("1")
    form.get_by_label("Timer arbeidet").fill("30")
    _submit(phone, form, "Lagre og godkjenn uken")
    assert f"Uke {iso} er lagret og godkjent." in phone.content()
    week = AttendanceWeek.objects.get()
    assert week.status == AttendanceStatus.APPROVED and week.decided_by == supervisor.user
    assert Notification.objects.filter(kind="recruitment.attendance_entered_by_employer").count() == 1

    # 2. The supervisor asks for changes to the agreement: first without saying what (refused), then with it.
    changes = phone.locator("#changes-form")
    _submit(phone, changes, "Be om endringer")
    assert "Skriv hva som bør endres i avtalen." in phone.content()
    phone.locator("#changes-form").get_by_label("Hva bør endres").fill("Oppmøte kl. 08.00, ikke 07.30.")
    _submit(phone, phone.locator("#changes-form"), "Be om endringer")
    assert "Du har bedt om endringer i avtalen." in phone.content()
    check_a11y(phone, "portal-supervisor-changes-requested")
    _fits_the_phone(phone)

    # 3. Another contact of the employer sees the placement read-only.
    bystander = new_page(viewport={"width": 390, "height": 844})
    login(bystander, live_server, other.email, PASSWORD)
    bystander.goto(portal_url)
    assert bystander.locator("#portal-week-form").count() == 0 and bystander.locator("#changes-form").count() == 0

    # 4. The advisor checks the week, reads the request and sends a new version.
    advisor = new_page()
    login(advisor, live_server, world.advisor_b.email, PASSWORD)
    advisor.goto(f"{base}/placements/{placement.uuid}/attendance/")
    assert "Ført av bedriften" in advisor.locator(f"#week-{iso}").inner_text()
    check_a11y(advisor, "attendance-entered-by-employer")
    _submit(advisor, advisor.locator(f"#week-{iso}"), f"Merk som kontrollert uke {iso}")
    assert AttendanceWeek.objects.get().status == AttendanceStatus.CHECKED
    advisor.goto(f"{base}/placements/{placement.uuid}/agreement/")
    assert "Oppmøte kl. 08.00, ikke 07.30." in advisor.locator("#version-1").inner_text()
    check_a11y(advisor, "agreement-changes-requested")
    advisor.get_by_role("button", name="Start en ny versjon").click()
    advisor.wait_for_load_state()
    form = advisor.locator("#point-form")
    form.locator("[name=title]").fill("Oppmøte")
    form.get_by_label("Hva arbeidsgiveren forventer").fill("Møter kl. 08.00.")
    form.get_by_label("Hvordan det følges opp").fill("Gjennomgås i hvert oppfølgingsmøte.")
    _submit(advisor, form, "Legg til punktet")
    _submit(advisor, advisor.locator("#send-form"), "Send til bekreftelse")
    assert "Venter på bekreftelse" in advisor.locator("#version-2").inner_text()

    # 5. The supervisor confirms version 2.
    phone.goto(portal_url)
    assert "Møter kl. 08.00." in phone.locator("#portal-agreement").inner_text()
    _submit(phone, phone.locator("#confirm-form"), "Bekreft forventningsavklaringen")
    assert "Du bekreftet forventningsavklaringen, versjon 2." in phone.content()
    versions = {v.number: v for v in placement.agreement_versions.all()}
    assert versions[1].status == AgreementStatus.CHANGES_REQUESTED
    assert versions[2].employer_confirmed_by == supervisor.user
    _fits_the_phone(phone)
