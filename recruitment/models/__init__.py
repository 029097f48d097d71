"""Recruitment models, one module per concept; import them from here."""

from .employers import Contact, Employer
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

__all__ = [
    "ApprovalRequest",
    "Contact",
    "Employer",
    "MappingForm",
    "MappingFormVersion",
    "MappingPosition",
    "MappingStatus",
    "MappingStatusChange",
    "PermanentPossibility",
    "PositionKind",
]
