"""One record per create form, however often it is posted (R-4: double click, browser retry).

The form carries a one-time `form_token` (`{% load idempotency %}{% form_token %}`). The first POST
with a token claims it before the view runs; a second POST with the same token, in sequence or at
the same moment, gets the first result's redirect instead of creating a second record. A POST whose
form is invalid releases its token, so the corrected form can be sent again. Posts without a token
behave as before.
"""

import re
import secrets
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect

from portail.audit.models import SubmittedForm

FIELD = "form_token"
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # what new_token() makes; anything else is ignored


def new_token() -> str:
    return secrets.token_urlsafe(24)


def idempotent(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not TOKEN_SHAPE.match(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                claim = SubmittedForm.objects.create(
                    token=token, user=request.user, member=getattr(request, "member", None)
                )
        except IntegrityError:
            previous = SubmittedForm.objects.filter(token=token, user=request.user).first()
            return HttpResponseRedirect(previous.result_url if previous and previous.result_url
                                        else request.get_full_path())
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            claim.result_url = response["Location"][:500]
            claim.save(update_fields=["result_url"])
        else:
            claim.delete()
        return response

    return wrapped
