from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portail.core.downloads import file_response
from portail.help import guide, pdf
from portail.help.captures import CAPTURES
from portail.members.selectors import service_branding


def _layout(request) -> str:
    # The member guide holds no personal data: open to everyone, inside the portal's frame
    # when a member is signed in, in a plain frame otherwise (the login page links to it).
    return "portal.html" if getattr(request, "member", None) is not None else "help/public.html"


@require_GET
def index(request):
    return render(request, "help/index.html", {"layout": _layout(request), "sections": guide.sections("adherent")})


@require_GET
def section(request, section_id):
    found = guide.section_get("adherent", section_id)
    if found is None:
        raise Http404
    return render_section(request, found, "help/section.html", layout=_layout(request))


def render_section(request, found, template, *, layout):
    all_sections = guide.sections(found.audience)
    index = all_sections.index(found)
    return render(request, template, {
        "layout": layout,
        "section": found,
        "body": found.render().html,
        "previous": all_sections[index - 1] if index > 0 else None,
        "next": all_sections[index + 1] if index + 1 < len(all_sections) else None,
    })


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    hits = guide.search(query) if query else []
    return render(request, "help/search.html", {"layout": _layout(request), "query": query, "hits": hits})


@require_GET
def guide_pdf(request):
    return file_response(content=pdf.guide_pdf(service=service_branding()), filename="guide-utilisation.pdf",
                         inline=True)


@require_GET
def capture(request, name):
    # Only the registry's names: the path never comes from the request.
    path = guide.CAPTURES_DIR / f"{name}.png"
    if name not in CAPTURES or not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
