"""Synthetic DSN files addressed to test members (portail.dsn.testing makes the people, never real ones)."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.dsn.testing import dsn_bytes, synthetic_dsn
from portail.workforce.models import Employee

# Every kind of change ticked on the preview.
ALL = {"actions": ["create", "exit", "update", "rehire"]}


def dsn_for(*members, employees=6, seed=1, month=None, **kwargs):
    """One file whose establishments carry the SIRETs of `members` (one establishment each)."""
    extra = {"month": month} if month else {}
    generated = synthetic_dsn(employees=employees, establishments=len(members), seed=seed, **extra, **kwargs)
    for establishment, member in zip(generated.dsn.establishments, members, strict=True):
        establishment.siren, establishment.nic = member.siret[:9], member.siret[9:]
    return generated


def dsn_upload(client, *contents, names=None):
    names = names or [f"dsn-{i}.txt" for i in range(len(contents))]
    files = [SimpleUploadedFile(name, content) for name, content in zip(names, contents, strict=True)]
    return client.post("/salaries/import/dsn/", {"files": files})


def upload_one(client, member, **kwargs):
    return dsn_upload(client, dsn_bytes(dsn_for(member, **kwargs)))


def pending_token(client, member=None):
    pending = client.session["workforce_dsn"]
    return next(t for t, e in pending.items() if member is None or e["member"] == member.pk)


def apply_all(client, url: str, *, pending: str, token: str, member, at_least: int) -> int:
    """Applies the pending DSN `token` (from the session's `pending` entries) at `url`, every kind ticked: at least
    `at_least` employees of `member` are created and the page says how many; the file and its entry are gone.
    Returns that count."""
    path = client.session[pending][token]["path"]
    response = client.post(url, ALL, follow=True)
    created = Employee.objects.filter(member=member).count()
    assert created >= at_least
    assert f"DSN de janvier 2026 appliquée : {created} entrées" in response.content.decode()
    assert not default_storage.exists(path) and not client.session[pending]
    return created
