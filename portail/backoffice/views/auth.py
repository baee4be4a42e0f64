"""Staff sign-in: password, second factor (TOTP enrolment and check), backup codes, sign-out."""

import base64
from io import BytesIO

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.services import totp_device_pending
from portail.backoffice import forms, services
from portail.backoffice.access import is_staff_account, second_factor_url, staff_required, touch

NEXT_KEY = "backoffice_next"


# --- staff access --------------------------------------------------------------------------

def staff_login(request):
    if is_staff_account(request.user) and request.user.is_verified():
        return redirect("backoffice:inbox")
    form = forms.StaffLoginForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="portail.accounts.backends.PortalBackend")
        touch(request)
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}) and next_url.startswith("/gestion/"):
            request.session[NEXT_KEY] = next_url
        return redirect(second_factor_url(form.user))
    return render(request, "backoffice/auth/login.html", {"form": form})


def _pending_staff(request):
    """The OTP steps need a password-authenticated staff account; anyone else starts over."""
    if not is_staff_account(request.user):
        return None
    return request.user


def _after_second_factor(request):
    return redirect(request.session.pop(NEXT_KEY, "") or "backoffice:inbox")


def otp_verify(request):
    user = _pending_staff(request)
    if user is None:
        return redirect("backoffice:login")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("backoffice:otp_enrol")
    form = forms.OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            touch(request)
            return _after_second_factor(request)
        services.otp_failure_record(user=user, request=request)
        form.add_error("token", "Code incorrect ou déjà utilisé.")
    return render(request, "backoffice/auth/otp_verify.html", {"form": form})


def _qr_image(uri: str) -> str:
    """The QR code as an image address (an SVG in a data: URL), so that the page draws it as any other image."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def otp_enrol(request):
    user = _pending_staff(request)
    if user is None:
        return redirect("backoffice:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("backoffice:otp_verify")
    device = totp_device_pending(user=user)
    form = forms.EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"],
                                             request=request)
        if codes is not None:
            django_otp.login(request, device)
            touch(request)
            return render(request, "backoffice/auth/backup_codes.html", {"codes": codes})
        form.add_error("token", "Code incorrect. Vérifiez l'heure de votre téléphone et réessayez.")
    secret = base64.b32encode(device.bin_key).decode()
    context = {"form": form, "qr_image": _qr_image(device.config_url), "secret": secret}
    return render(request, "backoffice/auth/otp_enrol.html", context)


@require_POST
def staff_logout(request):
    logout(request)
    messages.success(request, "Vous êtes déconnecté du back office.")
    return redirect("backoffice:login")


@staff_required()
def backup_codes(request):
    """New backup codes on demand (the old ones stop working); shown once."""
    if request.method == "POST":
        codes = services.backup_codes_regenerate(user=request.user, request=request)
        return render(request, "backoffice/auth/backup_codes.html", {"codes": codes, "in_shell": True})
    remaining = services.backup_codes_remaining(user=request.user)
    return render(request, "backoffice/auth/backup_codes_manage.html", {"remaining": remaining})


# --- inbox ---------------------------------------------------------------------------------

