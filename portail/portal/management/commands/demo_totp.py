"""Print the current second-factor code of the demo staff account, and its unused backup codes."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portail.portal.demo.backoffice import DEMO_STAFF


class Command(BaseCommand):
    help = "Affiche le code à usage unique actuel du compte de démonstration staff.demo."

    def handle(self, *args, **options):
        device = TOTPDevice.objects.filter(user__username=DEMO_STAFF, confirmed=True).first()
        if device is None:
            raise CommandError("Pas de compte staff.demo avec second facteur : lancez d'abord « manage.py demo_data ».")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"Code actuel pour {DEMO_STAFF} : {code:0{device.digits}d} (valable {device.step} s)")
        tokens = StaticToken.objects.filter(device__user=device.user).values_list("token", flat=True)
        self.stdout.write("Codes de secours non utilisés (un seul usage chacun) : " + ", ".join(tokens))
