"""Recruitment models, one module per concept; import them from here."""

from .accounts_mgmt import AccountPlanVersion, PortfolioAssignment, PyramidAssessment, SectorPortfolio
from .contact_log import FOLLOW_UP_KINDS, ContactKind, ContactLogEntry
from .employers import Contact, Employer, Sector, SizeBand, Tier
from .mapping import (
    ApprovalRequest,
    MappingForm,
    MappingFormVersion,
    MappingPosition,
    MappingStatus,
    MappingStatusChange,
    PermanentPossibility,
    PositionKind,
)
from .portal import ContactInvitation
from .recruitments import (
    ACTIVE_RECRUITMENT_STATES,
    SHARED_SUBMISSION_STATES,
    CoordinationRequest,
    DeliveryMode,
    ProviderMode,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    RequestStatus,
    Submission,
    SubmissionStatus,
)

__all__ = [
    "ACTIVE_RECRUITMENT_STATES",
    "SHARED_SUBMISSION_STATES",
    "CoordinationRequest",
    "DeliveryMode",
    "ProviderMode",
    "Recruitment",
    "RecruitmentEvent",
    "RecruitmentStatus",
    "RequestStatus",
    "Submission",
    "SubmissionStatus",
    "FOLLOW_UP_KINDS",
    "AccountPlanVersion",
    "ApprovalRequest",
    "Contact",
    "ContactInvitation",
    "ContactKind",
    "ContactLogEntry",
    "Employer",
    "MappingForm",
    "MappingFormVersion",
    "MappingPosition",
    "MappingStatus",
    "MappingStatusChange",
    "PermanentPossibility",
    "PortfolioAssignment",
    "PositionKind",
    "PyramidAssessment",
    "Sector",
    "SectorPortfolio",
    "SizeBand",
    "Tier",
]
