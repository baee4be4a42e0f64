"""Second factor (TOTP, django-otp) for a company's named users: optional, or required of administrators when
the service says so (Service.member_admin_totp_required).

The login marks the session: "verify" when the person has a confirmed device, "enrol" when they must set one up.
Until the step is done, MemberSecondFactorMiddleware lets the session reach only that step and the way out.
Staff have their own, mandatory, second factor (portail/backoffice/middleware.py).
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.models import AccountKind, Membership, User
from portail.accounts.roles import Role
from portail.members.selectors import service_get

SESSION_KEY = "member_second_factor"
VERIFY, ENROL = "verify", "enrol"


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_required(user: User) -> bool:
    """The service requires a second factor of its members' administrators, and this person is one somewhere."""
    service = service_get()
    if service is None or not service.member_admin_totp_required:
        return False
    return Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True).exists()


def second_factor_start(request, user: User) -> None:
    """After the password: what the session still has to do before the portal opens."""
    if user.kind != AccountKind.USER:
        return
    if has_device(user):
        request.session[SESSION_KEY] = VERIFY
    elif enrolment_required(user):
        request.session[SESSION_KEY] = ENROL


def second_factor_done(request) -> None:
    request.session.pop(SESSION_KEY, None)


def qr_image(uri: str) -> str:
    """The QR code as an image address (an SVG in a data: URL): no inline markup, nothing our CSP refuses."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class MemberSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths: tuple[str, ...] | None = None

    def _open(self) -> tuple[str, ...]:
        if self.open_paths is None:
            names = ("accounts:otp_verify", "accounts:otp_enrol", "accounts:logout", "portal:theme_css", "health")
            self.open_paths = (*(reverse(name) for name in names), "/static/")
        return self.open_paths

    def __call__(self, request):
        step = request.session.get(SESSION_KEY) if request.user.is_authenticated else None
        if step and not request.path.startswith(self._open()):
            return redirect("accounts:otp_verify" if step == VERIFY else "accounts:otp_enrol")
        return self.get_response(request)
