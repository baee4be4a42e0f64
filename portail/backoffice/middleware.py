"""A staff session past the password step but not the second factor reaches only that second factor.

`staff_required` guards the back-office views, but a staff login is also a Django login: without this,
the half-open session could use every other view that asks only for a login, the password change
first of all (which would end the staff member's verified sessions elsewhere).
"""

from django.shortcuts import redirect
from django.urls import reverse

from portail.backoffice.access import is_staff_account, second_factor_url


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths: tuple[str, ...] | None = None

    def _open(self) -> tuple[str, ...]:
        # The second-factor pages, the ways out, and what those pages load.
        if self.open_paths is None:
            names = ("backoffice:otp_verify", "backoffice:otp_enrol", "backoffice:logout", "accounts:logout",
                     "portal:theme_css", "health")
            self.open_paths = (*(reverse(name) for name in names), "/static/")
        return self.open_paths

    def __call__(self, request):
        user = request.user
        if is_staff_account(user) and not user.is_verified() and not request.path.startswith(self._open()):
            return redirect(second_factor_url(user))
        return self.get_response(request)
