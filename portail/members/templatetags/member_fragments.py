"""`{% member_fragment "name" part… %}…{% endmember_fragment %}`: a block of a portal page drawn once per state of
the current member's data (see portail/members/freshness.py), then served from the cache.

For blocks that show only the member's own rows and the service's settings: the lazy querysets the view passes
are then not run at all on a cache hit. What varies with the request goes in the key (`part…`: a year, a
filter), and the kind of account and the staff "voir comme l'adhérent" mode always do.

A block longer than MAX_KEPT_CHARACTERS is not kept: an entry stays in the cache until it culls, and a list of
hundreds of rows would fill it.

CSRF tokens belong to one session: a block holding the request's token (`csrf_token` of the context: the same
masked value for every form of one page) is kept with a placeholder, and each request gets its own token put
back. A block holding any other token is never kept.

Only GET and HEAD read the cache: a request that has just written still holds the member's former stamp, and
would be served the block drawn before its own change.
"""

from django import template
from django.utils.safestring import mark_safe

from portail.members.freshness import member_cached

register = template.Library()

CSRF_FIELD = "csrfmiddlewaretoken"
MAX_KEPT_CHARACTERS = 128_000
# No data holds a NUL character: input with one is refused (portail/core/security.py), PostgreSQL cannot store it.
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"


class MemberFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        member = getattr(request, "member", None)
        if member is None or request.method not in ("GET", "HEAD"):
            return self.nodelist.render(context)
        parts = [str(part.resolve(context)) for part in self.parts]
        key = ":".join(["fragment", self.name.resolve(context), request.user.kind, str(request.view_as), *parts])
        html = member_cached(member=member, name=key, compute=lambda: self._render_once(context))
        if not isinstance(html, str):
            return self.nodelist.render(context)
        if TOKEN_PLACEHOLDER in html:  # else the token is not asked for: a page without a form makes none
            html = html.replace(TOKEN_PLACEHOLDER, _token(context))
        return mark_safe(html)  # nosec B308 B703 -- HTML rendered by the block's templates

    def _render_once(self, context):
        html = self.nodelist.render(context)
        token = _token(context)
        if token:
            html = html.replace(token, TOKEN_PLACEHOLDER)
        # A token not from this context stays in the block: not cacheable. A sentinel other than None, so that the
        # next request renders it again.
        return False if len(html) > MAX_KEPT_CHARACTERS or _holds_a_token(html) else html


def _token(context) -> str:
    token = context.get("csrf_token")
    return str(token) if token and str(token) != "NOTPROVIDED" else ""


def _holds_a_token(html: str) -> bool:
    """Whether a CSRF field of the block holds a value other than the placeholder."""
    return any(f'value="{TOKEN_PLACEHOLDER}"' not in field.partition(">")[0] for field in html.split(CSRF_FIELD)[1:])


@register.tag
def member_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("member_fragment attend un nom : {% member_fragment \"nom\" %}")
    nodelist = parser.parse(("endmember_fragment",))
    parser.delete_first_token()
    return MemberFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
