"""Words that say what they mean (issue 17.4 and 17.6): texts read the state, plurals, the fingerprint behind
"details", notification summaries, one date format per language and the recruitment's stage indicator."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import notification_summary
from accounts.notifications import render_message
from recruitment.models import EmployerAnswer, RecruitmentStatus
from recruitment.services import placements
from recruitment.services import recruitments as services
from recruitment.templatetags.recruitment_stages import recruitment_stage_steps
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.hiring_factories import answer, schedule, sent_list
from tests.recruitment.recruitment_factories import placement_for, recruitment_for

pytestmark = [pytest.mark.usefixtures("private_root")]


def test_the_list_answer_says_want_to_hire_and_the_placement_says_hired():
    with translation.override("nb"):
        assert str(EmployerAnswer.HIRED.label) == "vil ansette / velg"
        assert str(EmployerAnswer.INTERVIEW.label) == "til intervju"
    with translation.override("en"):
        assert str(EmployerAnswer.HIRED.label) == "want to hire / choose"


def test_the_status_update_text_reads_the_state(world):
    recruitment = recruitment_for(world)
    with translation.override("nb"):
        assert "ennå ikke funnet nok" in services.status_update_text(recruitment, proposals=0)
        assert "Vi har 3 aktuelle kandidater" in services.status_update_text(recruitment, proposals=3)
    placement = placement_for(world)
    placements.placement_hire(
        placement=placement, actor=world.kam_a, hired_on=placement.start_date, employment_kind="permanent"
    )
    chosen = placement.recruitment
    chosen.refresh_from_db()
    with translation.override("nb"):
        text = services.status_update_text(chosen, proposals=1)
    assert "er nå ansatt" in text and "ikke funnet nok" not in text


def test_the_plan_does_not_say_not_agreed_above_a_scheduled_interview(world):
    recruitment, [submission] = sent_list(world, a=1, b=0)
    type(recruitment).objects.filter(pk=recruitment.pk).update(interview_date=None, interview_week=None)
    recruitment.refresh_from_db()
    with translation.override("nb"):
        before = render_to_string("recruitment/recruitments/_plan.html", {"recruitment": recruitment})
    assert "ikke avtalt ennå" in before.split("Godkjent")[0].split("Omtrentlig")[0]
    answer(world, submission, "interview")
    schedule(world, submission)
    recruitment = type(recruitment).objects.get(pk=recruitment.pk)
    with translation.override("nb"):
        after = render_to_string("recruitment/recruitments/_plan.html", {"recruitment": recruitment})
    interviews_line = after.split("Omtrentlig")[0]
    assert "ikke avtalt ennå" not in interviews_line and "avtales per kandidat" in interviews_line


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "1. des. 2026"), ("en", "1 Dec 2026")],
)
def test_one_date_format_per_language(language, expected):
    day = datetime.date(2026, 12, 1)
    with translation.override(language):
        assert formats.date_format(day) == expected
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == expected


def test_the_notification_summary_is_the_message_without_greeting_and_links():
    body = (
        "Hei Kari,\n\nOla Nordmann ber deg godkjenne kartleggingsskjemaet. Åpne lenken:\n\n"
        "https://kam.example/approval/abc/\n\nHilsen KAM-portalen\n"
    )
    summary = notification_summary(body)
    assert summary == "Ola Nordmann ber deg godkjenne kartleggingsskjemaet. Åpne lenken:"
    long = notification_summary("Hei,\n\n" + "ord " * 200)
    assert len(long) <= 222 and long.endswith(" …") and "ord ord" in long


def test_a_long_subject_is_cut_at_a_word(settings, tmp_path):
    (tmp_path / "t_subject.txt").write_text("{{ s }}")
    (tmp_path / "t.txt").write_text("x")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    subject, _body = render_message(template="t", context={"s": "ordet " * 60}, language="nb")
    assert len(subject) <= 250 and subject.endswith("ordet…")


def test_the_stage_indicator_marks_done_current_and_stopped():
    steps = recruitment_stage_steps(RecruitmentStatus.INTERVIEWING)
    assert [s["state"] for s in steps] == ["done", "done", "done", "current", "todo", "todo"]
    stopped = recruitment_stage_steps(RecruitmentStatus.CANCELLED)
    assert stopped[-1]["state"] == "stopped"


def test_the_recruitment_page_shows_the_stage_and_the_mapping_fingerprint_is_behind_details(client, world):
    recruitment = recruitment_for(world)
    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert 'id="stages"' in page and 'aria-current="step">Samler kandidater' in page
    mapping = client.get(
        reverse("recruitment:mapping_detail", kwargs={"uuid": recruitment.mapping_version.form.uuid})
    ).content.decode()
    digest = recruitment.mapping_version.content_hash
    assert digest in mapping
    assert all("<details" in before.rsplit("</details>", 1)[-1] for before in mapping.split(digest)[:-1])


def test_plural_forms_in_the_candidate_list_log(world):
    recruitment, [submission] = sent_list(world, a=1, b=0)
    entry = recruitment.employer.contact_log.order_by("-id").first()
    assert "1 kandidat." in entry.notes and "1 kandidater" not in entry.notes
