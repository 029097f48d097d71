"""Text of a PDF for assertions, read in-process with pypdf (no poppler-utils on a fresh machine)."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    assert content.startswith(b"%PDF"), content[:40]
    reader = PdfReader(io.BytesIO(content))
    mode = "layout" if layout else "plain"
    return "\n".join(page.extract_text(extraction_mode=mode) for page in reader.pages)
