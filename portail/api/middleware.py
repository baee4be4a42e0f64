"""Every call of the open API with a valid token is audited: who (the token's account), for which company, which
route (its pattern: no query string, so nothing typed, a NIR included, reaches the log) and the answer's status."""

from portail.audit.services import event_record

API_PREFIX = "/api/"


class ApiAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if token is not None and request.path.startswith(API_PREFIX):
            match = request.resolver_match
            route = match.route if match is not None else ""
            event_record(action="api.call", actor=token.user, member=getattr(request, "api_member", None),
                         request=request, summary=f"API {request.method} /{route}",
                         data={"token": token.prefix, "status": response.status_code, "route": route,
                               "method": request.method})
        return response
