"""Render a Django template to PDF with weasyprint (DejaVu fonts carry æ, ø and å)."""

from django.conf import settings
from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # imported late: it loads pango, which only PDF views need

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))
