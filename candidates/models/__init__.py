"""Candidates, their documents, assessments and consents; import them from here."""

from .assessment import Assessment
from .candidate import Candidate, DossierPart
from .consent import Consent
from .document import Document

__all__ = ["Assessment", "Candidate", "Consent", "Document", "DossierPart"]
from .retention import CandidateRetention, ErasedText, RetentionExtension  # noqa: E402

__all__ += ["CandidateRetention", "ErasedText", "RetentionExtension"]
