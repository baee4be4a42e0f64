"""Demo: staff.demo becomes an administrator with a known TOTP key; a few situation changes to process."""

from datetime import date, timedelta

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.accounts.models import User
from portail.backoffice.models import StaffProfile, StaffRole
from portail.backoffice.services import backup_codes_regenerate
from portail.members.models import Member, RequestStatus, SituationChangeKind, SituationChangeRequest

DEMO_STAFF = "staff.demo"
# Fixed on purpose so the demo stays usable after every reset; never reuse outside the demo.
DEMO_TOTP_KEY = b"portail-demo-totp-key!".hex()

CHANGES = [
    ("100001", SituationChangeKind.ADDRESS, RequestStatus.SENT, 1, "", "Nous déménageons au 3 rue Neuve."),
    ("100002", SituationChangeKind.LEGAL_FORM, RequestStatus.SENT, 12, "", "Passage de SARL à SAS."),
    ("100003", SituationChangeKind.DORMANT, RequestStatus.IN_PROGRESS, 4,
     "Nous vérifions la date avec votre comptable.", "Mise en sommeil pendant les travaux."),
    ("100004", SituationChangeKind.TRANSFER, RequestStatus.DONE, 20,
     "Reprise enregistrée : le nouveau dirigeant a reçu ses identifiants.", "Cession du fonds au 1er mars."),
    ("100004", SituationChangeKind.CESSATION, RequestStatus.REFUSED, 25,
     "Déclaration en double : la cession est déjà enregistrée.", "Cessation d'activité."),
]


def load(*, stdout) -> None:
    user = User.objects.filter(username=DEMO_STAFF).first()
    if user is None:
        return
    StaffProfile.objects.get_or_create(user=user, defaults={"role": StaffRole.ADMIN})
    TOTPDevice.objects.get_or_create(
        user=user, name="Démo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )
    if not StaticDevice.objects.filter(user=user, token_set__isnull=False).exists():
        backup_codes_regenerate(user=user)
    _situation_changes()
    stdout.write(
        "  back office (/gestion/, sur le port du serveur) : staff.demo / Demo-Staff-2026-Secure, "
        "puis le code de « python manage.py demo_totp » (code du moment et codes de secours)."
    )


def _situation_changes() -> None:
    for number, kind, status, days_ago, answer, comment in CHANGES:
        member = Member.objects.filter(number=number).first()
        if member is None or SituationChangeRequest.objects.filter(member=member, kind=kind).exists():
            continue
        author = User.objects.filter(member=member, kind="member").first()
        change = SituationChangeRequest.objects.create(
            member=member, kind=kind, status=status, answer=answer, comment=comment,
            effective_date=date.today() + timedelta(days=30), created_by=author,
        )
        # Backdated so that the inbox shows overdue and on-time items side by side.
        SituationChangeRequest.objects.filter(pk=change.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
