from portail.billing.models import SepaMandate


def sepa_mandate_active(*, member) -> SepaMandate | None:
    return SepaMandate.objects.filter(member=member, revoked_at__isnull=True).first()
