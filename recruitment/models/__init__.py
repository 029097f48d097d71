"""Recruitment models, one module per concept; import them from here."""

from .accounts_mgmt import AccountPlanVersion, PortfolioAssignment, PyramidAssessment, SectorPortfolio
from .contact_log import FOLLOW_UP_KINDS, ContactKind, ContactLogEntry
from .employers import Contact, Employer, Sector, SizeBand, Tier

__all__ = [
    "FOLLOW_UP_KINDS",
    "AccountPlanVersion",
    "Contact",
    "ContactKind",
    "ContactLogEntry",
    "Employer",
    "PortfolioAssignment",
    "PyramidAssessment",
    "Sector",
    "SectorPortfolio",
    "SizeBand",
    "Tier",
]
