"""Recruitment models, one module per concept; import them from here."""

from .employers import Contact, Employer

__all__ = ["Contact", "Employer"]
