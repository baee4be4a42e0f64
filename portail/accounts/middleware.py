from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_WHILE_FORCED = ("/connexion/", "/deconnexion/", "/mot-de-passe/", "/static/")


class PasswordChangeRequiredMiddleware:
    """First login (seed §1): nothing but the password change until it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(ALLOWED_WHILE_FORCED)
        ):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)
