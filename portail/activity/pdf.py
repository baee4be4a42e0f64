"""PDF of the yearly summary, rendered by WeasyPrint from an HTML template."""

from django.template.loader import render_to_string


def summary_pdf(*, summary, service) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string("activity/summary_pdf.html", {"summary": summary, "service": service})
    return HTML(string=html).write_pdf()
