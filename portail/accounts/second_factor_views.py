"""The named users' second factor: set it up (optional, or required of administrators), then give the code at
each login."""

import base64

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from portail.accounts import services
from portail.accounts.forms import one_time_code_field
from portail.accounts.second_factor import SESSION_KEY, VERIFY, has_device, qr_image, second_factor_done


class CodeForm(forms.Form):
    token = one_time_code_field(label="Code à 6 chiffres")


@login_required
def otp_verify(request):
    if request.session.get(SESSION_KEY) != VERIFY:
        return redirect("portal:home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            second_factor_done(request)
            return redirect("portal:home")
        services.member_otp_failure_record(user=request.user, request=request)
        form.add_error("token", "Code incorrect ou déjà utilisé.")
    return render(request, "accounts/otp_verify.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def otp_enrol(request):
    """Named users only: the company's principal account and mandataires keep their password login."""
    if not request.user.is_named_user:
        raise PermissionDenied
    if has_device(request.user):
        messages.info(request, "La double authentification est déjà activée sur votre compte.")
        return redirect("portal:home")
    device = services.totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.member_totp_confirm(user=request.user, device=device, token=form.cleaned_data["token"],
                                        request=request):
            django_otp.login(request, device)
            second_factor_done(request)
            messages.success(request, "Double authentification activée : le code vous sera demandé à chaque connexion.")
            return redirect("portal:home")
        form.add_error("token", "Code incorrect. Vérifiez l'heure de votre téléphone et réessayez.")
    context = {"form": form, "qr_image": qr_image(device.config_url), "secret": base64.b32encode(device.bin_key).decode(),
               "forced": request.session.get(SESSION_KEY) is not None}
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)
