from django.contrib.auth.backends import ModelBackend


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
