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

__all__ = [
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
