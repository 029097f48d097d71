"""The record of processing (GDPR art. 30): what personal data the portal holds, why, on what legal basis, who
receives it, how long it is kept and where. Legal bases and retention periods come from settings, so the page
says what this installation is configured to do."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Processing:
    category: str
    data: str
    purpose: str
    legal_basis: str
    recipients: str
    retention: str
    stored: str


def _days(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def _database() -> str:
    return _("PostgreSQL database") if connection.vendor == "postgresql" else _("SQLite database file on the server")


def _files() -> str:
    if getattr(settings, "STORAGE_URL", ""):
        return _("Private S3-compatible bucket (never served directly to a browser)")
    return _("Private folder on the server, outside the web root")


def processing_record() -> list[Processing]:
    bases = settings.PROCESSING_LEGAL_BASES
    db = _database()
    idle = _days(settings.CANDIDATE_RETENTION_DAYS)
    return [
        Processing(
            _("Candidates (job seekers)"),
            _("Name, e-mail, phone, postal address, desired work, competences, languages, driving licence, status"),
            _("Following the candidate towards work and proposing them to employers"),
            bases["candidates"],
            _("The candidate's advisor and the provider's KAMs and administrators"),
            _(
                "Anonymised after %(idle)s without activity (the advisor is warned %(notice)s ahead), or at once on "
                "an erasure request"
            )
            % {"idle": idle, "notice": _days(settings.CANDIDATE_RETENTION_NOTICE_DAYS)},
            db,
        ),
        Processing(
            _("CVs, applications and other documents"),
            _("The uploaded files and their names"),
            _("Showing the candidate's qualifications to an employer"),
            bases["sharing"],
            _("The provider's staff; an employer's contacts only for what the candidate consented to"),
            _("Deleted from storage when the candidate is anonymised (%(idle)s without activity)") % {"idle": idle},
            _files(),
        ),
        Processing(
            _("Vocational assessments"),
            _("The advisor's assessment, including need for accommodation and planned absence (may be health data)"),
            _("Judging suitability for a job and the accommodation needed"),
            bases["sharing"],
            _("The provider's staff; an employer's contacts only with the candidate's consent"),
            _("Erased when the candidate is anonymised (%(idle)s without activity)") % {"idle": idle},
            db,
        ),
        Processing(
            _("Consents"),
            _("Which parts of the dossier may go to which employer, when given and withdrawn"),
            _("Documenting the candidate's consent to share"),
            bases["sharing"],
            _("The provider's staff; the coordinating KAM"),
            _("Kept without free text for statistics when the candidate is anonymised"),
            db,
        ),
        Processing(
            _("Proposals, interviews and placements"),
            _("Suitability, comments, the employer's feedback, interview notes, expectation agreements, notes"),
            _("Running recruitments and following placements until hiring"),
            bases["candidates"],
            _("The KAMs and advisors involved; the employer's contacts for shortlisted candidates with consent"),
            _(
                "Free text erased %(closed)s after the recruitment closed, or when the candidate is anonymised; dates "
                "and states stay for statistics"
            )
            % {"closed": _days(settings.RECRUITMENT_TEXT_RETENTION_DAYS)},
            db,
        ),
        Processing(
            _("Employers' contact persons"),
            _("Name, title, e-mail, phone, portal account"),
            _("Mapping forms, candidate lists and follow-up of the employer"),
            bases["employers"],
            _("The KAMs of the region"),
            _(
                "As long as the person is the employer's contact; erased %(left)s after the day they left the "
                "employer (their portal access closes that day)"
            )
            % {"left": _days(settings.CONTACT_RETENTION_DAYS)},
            db,
        ),
        Processing(
            _("Staff users"),
            _("Name, e-mail, phone, role, provider, second factor, sign-in attempts"),
            _("Access to the portal and securing it"),
            bases["staff"],
            _("The provider's administrators"),
            _("As long as the user has an account"),
            db,
        ),
        Processing(
            _("Messages"),
            _("Notifications and e-mails to staff and contacts (may name a candidate)"),
            _("Telling each party what is due"),
            bases["candidates"],
            _("The recipient"),
            _("Names of anonymised candidates are removed from them"),
            db,
        ),
        Processing(
            _("Audit trail"),
            _("Who read or changed what, when, from which IP address; candidates by number only"),
            _("Security of processing and the candidate's right to know who read their data"),
            bases["audit"],
            _("The provider's administrators"),
            _("Kept as the security log; it holds no candidate names"),
            db,
        ),
    ]
