"""The receipt every member request ends on: one page to read, print, or download as a PDF (the same body, drawn
by WeasyPrint), which proves what was asked and when."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from portail.core.downloads import file_response


def receipt_response(request: HttpRequest, *, body_template: str, context: dict, title: str, filename: str,
                     back_url: str, back_label: str) -> HttpResponse:
    """The receipt page, or its PDF when asked with ?format=pdf."""
    context = {**context, "body_template": body_template, "receipt_title": title, "back_url": back_url,
               "back_label": back_label}
    if request.GET.get("format") != "pdf":
        return render(request, "core/receipt.html", context)
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string("core/receipt_pdf.html", context, request=request)
    return file_response(content=HTML(string=html).write_pdf(), filename=filename)
