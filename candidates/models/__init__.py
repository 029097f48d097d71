"""Candidates, their documents, assessments and consents; import them from here."""

from .assessment import Assessment
from .candidate import Candidate, DossierPart
from .consent import Consent
from .document import Document

__all__ = ["Assessment", "Candidate", "Consent", "Document", "DossierPart"]
from .privacy import ConsentRequest, SubjectAccessExport  # noqa: E402  (issue 15: the candidate's say, export)

__all__ += ["ConsentRequest", "SubjectAccessExport"]

from .retention import CandidateRetention, ErasedText, RetentionExtension  # noqa: E402

__all__ += ["CandidateRetention", "ErasedText", "RetentionExtension"]
