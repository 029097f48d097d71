"""The terms of use employer contacts accept before they see any candidate.

The text is a template per language (accounts/terms/terms_<language>.html). Change
TERMS_VERSION whenever the text changes in substance: every contact then accepts again.
"""

TERMS_VERSION = "2026-11"
TERMS_LANGUAGES = ("nb", "en")


def terms_template(language: str) -> str:
    return f"accounts/terms/terms_{language if language in TERMS_LANGUAGES else 'nb'}.html"
