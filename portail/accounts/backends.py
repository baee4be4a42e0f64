from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from portail.core.direct_reads import quoted, read_one


class PortalBackend(ModelBackend):
    """Member and mandataire logins go through the portal form, which says which kind it expects.

    A mismatch (a mandataire without the box ticked, a member with it, staff on the portal form)
    is a failed login like any other, so django-axes counts it.
    """

    def authenticate(self, request, username=None, password=None, account_kind=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or account_kind is None:
            return user
        return user if user.kind == account_kind else None

    def get_user(self, user_id):
        # Run on every logged-in request: the row is read through read_one (see portail/core/direct_reads.py).
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        pk = quoted(user_model, user_model._meta.pk.name)
        user = read_one(user_model, where=f"{pk} = %s", params=[user_id])
        return user if user is not None and self.user_can_authenticate(user) else None
