"""`{% member_fragment "name" part… %}…{% endmember_fragment %}`: a block of a portal page kept in the cache under
the member's stamp (portail/members/freshness.py), for blocks that show only the member's own rows and the service's
settings. The lazy data the view passes is then not read at all on a hit.

The key holds the name, the parts (what varies with the request: a year, the query string), the kind of account
and the staff "voir comme l'adhérent" mode, hashed: its length is bounded whatever the query string.

No form inside a block: a CSRF token belongs to one session and must never be served to another. htmx requests need
none in the markup (base.html sends it in a header); a block that holds one is an error.
"""

import hashlib

from django import template

from portail.members.freshness import member_cached

register = template.Library()

CSRF_FIELD = "csrfmiddlewaretoken"


class MemberFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        if getattr(request, "member", None) is None:
            return self.nodelist.render(context)
        parts = [self.name.resolve(context), request.user.kind, request.view_as, *(p.resolve(context) for p in self.parts)]
        digest = hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()
        return member_cached(request, name=f"fragment:{digest}", compute=lambda: self._render(context))

    def _render(self, context) -> str:
        html = self.nodelist.render(context)
        if CSRF_FIELD in html:
            raise template.TemplateSyntaxError("member_fragment : un formulaire avec jeton CSRF ne peut pas être gardé "
                                               "en cache (il appartient à une seule session).")
        return html


@register.tag
def member_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("member_fragment attend un nom : {% member_fragment \"nom\" %}")
    nodelist = parser.parse(("endmember_fragment",))
    parser.delete_first_token()
    return MemberFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
