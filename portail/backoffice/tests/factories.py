import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from portail.accounts.tests.factories import StaffFactory
from portail.backoffice.models import StaffProfile, StaffRole

STAFF_PASSWORD = "Personnel-Tres-Solide-2026"


class StaffProfileFactory(DjangoModelFactory):
    class Meta:
        model = StaffProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(StaffFactory)
    role = StaffRole.RECEPTION

    @factory.post_generation
    def _password(obj, create, extracted, **kwargs):
        # Through a SubFactory the password hash did not reach the database: store it explicitly.
        obj.user.set_password(STAFF_PASSWORD)
        obj.user.save(update_fields=["password"])


def staff_with_device(role=StaffRole.RECEPTION, **extra):
    profile = StaffProfileFactory(role=role, **extra)
    device = TOTPDevice.objects.create(user=profile.user, name="test", confirmed=True)
    return profile.user, device


def login_verified(client, user, device):
    """A staff session past both factors, as django_otp.login leaves it."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def login_verified_as(client, user, role=StaffRole.ADMIN):
    """Give an existing staff user a role and a confirmed device, then log in past both factors."""
    StaffProfile.objects.update_or_create(user=user, defaults={"role": role})
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return login_verified(client, user, device)
