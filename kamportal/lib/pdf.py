"""Render a Django template to PDF with weasyprint (DejaVu fonts carry æ, ø and å)."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    import weasyprint  # imported late: it loads pango, which only PDF views need

    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
