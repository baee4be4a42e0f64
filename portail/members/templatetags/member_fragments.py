"""`{% member_fragment "name" part… %}…{% endmember_fragment %}`: a block of a portal page drawn once per state of
the current member's data (see portail/members/freshness.py), then served from the cache.

For blocks that show only the member's own rows and the service's settings: the lazy querysets the view passes
are then not run at all on a cache hit. What varies with the request goes in the key (`part…`: a year, a
filter), and the kind of account and the staff "voir comme l'adhérent" mode always do. A block holding a CSRF
token is never cached: the token belongs to one session.
"""

from django import template

from portail.members.freshness import member_cached

register = template.Library()

CSRF_FIELD = "csrfmiddlewaretoken"


class MemberFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        member = getattr(request, "member", None)
        if member is None:
            return self.nodelist.render(context)
        parts = [str(part.resolve(context)) for part in self.parts]
        key = ":".join(["fragment", self.name.resolve(context), request.user.kind, str(request.view_as), *parts])
        html = member_cached(member=member, name=key, compute=lambda: self._render_once(context))
        return html if isinstance(html, str) else self.nodelist.render(context)

    def _render_once(self, context):
        html = self.nodelist.render(context)
        # Not cacheable: a sentinel other than None, so the next request renders it again.
        return False if CSRF_FIELD in html else html


@register.tag
def member_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("member_fragment attend un nom : {% member_fragment \"nom\" %}")
    nodelist = parser.parse(("endmember_fragment",))
    parser.delete_first_token()
    return MemberFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
