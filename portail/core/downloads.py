"""A file the server builds (PDF, CSV, XML, calendar…) handed to the browser, named the same way everywhere."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"


def file_response(*, content: bytes | str, filename: str, content_type: str = PDF, inline: bool = False,
                  cache_control: str = "") -> HttpResponse:
    """`inline` opens the file in the browser rather than saving it. Django's header quotes a plain name and
    writes an RFC 5987 `filename*` for one with accents, which a bare `filename="…"` would garble."""
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(as_attachment=not inline, filename=filename)
    assert disposition is not None, "a named file always has a disposition"
    response["Content-Disposition"] = disposition
    if cache_control:
        response["Cache-Control"] = cache_control
    return response
