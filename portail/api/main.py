"""The open API, version 1 (/api/v1/): django-ninja, its OpenAPI schema and its documentation page served from
this server (Swagger UI bundled with ninja, no CDN). Errors answer in French JSON (portail.api.errors)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from portail.accounts.selectors import accessible_members, member_role
from portail.api import errors
from portail.api.access import ScopeDenied, token_of
from portail.api.auth import RateLimited, TokenAuth
from portail.api.employees import router as employees_router
from portail.api.resources import router as resources_router
from portail.api.schemas import Error, MemberOut
from portail.core.concurrency import EditConflict
from portail.core.ratelimit import retry_after

DESCRIPTION = """API du portail adhérent pour les logiciels de paie et de ressources humaines.

Chaque appel s'identifie par un **jeton personnel** (`Authorization: Bearer pspst_…`), créé dans l'espace adhérent
(« Accès API »), avec une date d'expiration et une portée (ressources, lecture ou écriture) qui ne dépasse pas le rôle
de son auteur. L'entreprise est désignée dans le chemin par son n° d'adhérent : un mandataire n'atteint que les
entreprises de ses mandats (une autre répond 404). Chaque appel est journalisé ; le débit est limité par jeton (429).
Le N° de sécurité sociale s'écrit mais n'est jamais renvoyé. Les erreurs sont en français :
`{"message": …, "errors": {"champ": ["…"]}}`.
"""

api = NinjaAPI(title="Portail SPST – API", version="1", description=DESCRIPTION, urls_namespace="api",
               auth=TokenAuth(), docs_url="/docs/", openapi_url="/openapi.json")


def _json(request: HttpRequest, status: int, message: str, errors_: dict | None = None, **extra) -> HttpResponse:
    return api.create_response(request, errors.body(message, errors_, **extra), status=status)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request, exc):
    return _json(request, 422, errors.INVALID, errors.from_pydantic(exc.errors))


@api.exception_handler(EditConflict)
def _conflict(request, exc):
    return _json(request, 409, " ".join(exc.messages))


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _json(request, 422, errors.INVALID, errors.from_django(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _json(request, 401, "Jeton absent, invalide, expiré ou révoqué, ou compte désactivé.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ScopeDenied)
def _scope_denied(request, exc):
    need = exc.need
    return _json(request, 403, "La portée du jeton ou votre rôle dans cette entreprise ne permet pas cette action.",
                 required=f"{need.capability}:{need.access}")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _json(request, 403, "Action non autorisée.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _json(request, 404, "Ressource introuvable.")


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = _json(request, 429, "Trop d'appels avec ce jeton : réessayez dans un instant.")
    response["Retry-After"] = str(retry_after("api"))
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own refusals: 400 for a body it cannot parse as JSON, 405 for a method the route does not take…
    messages = {400: "Requête mal formée : le corps n'est pas un JSON lisible.", 405: "Méthode non acceptée ici."}
    return _json(request, exc.status_code, messages.get(exc.status_code, "Requête invalide."))


members_router = Router(tags=["Entreprises"])


class Members(Schema):
    results: list[MemberOut]


@members_router.get("/members", response={200: Members, 401: Error, 429: Error}, url_name="member_list",
                    summary="Entreprises que le jeton peut atteindre")
def member_list(request: HttpRequest):
    user = token_of(request).user
    members = accessible_members(user=user).only("pk", "number", "name", "siret").order_by("number")[:1000]
    return {"results": [{"number": m.number, "name": m.name, "siret": m.siret,
                         "role": member_role(user=user, member_id=m.pk)} for m in members]}


api.add_router("", members_router)
api.add_router("", employees_router)
api.add_router("", resources_router)
