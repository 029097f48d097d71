"""Candidates, their documents, assessments and consents (built by the candidates issue)."""
