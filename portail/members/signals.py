"""Cache invalidation for what every portal page reads (branding, the "changer d'adhérent" link)."""

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from portail.members.models import Member, Service
from portail.members.selectors import BRANDING_CACHE_KEY, group_cache_key


@receiver(post_save, sender=Service)
def forget_branding(**kwargs) -> None:
    cache.delete(BRANDING_CACHE_KEY)


@receiver(post_save, sender=Member)
def forget_group(*, instance: Member, **kwargs) -> None:
    cache.delete_many([group_cache_key(instance.pk), group_cache_key(instance.group_head_id)])
