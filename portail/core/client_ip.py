"""The client's IP address: the one function that reads it, for django-axes (AXES_CLIENT_IP_CALLABLE),
the rate limits and the audit log.

Behind PROXY_COUNT reverse proxies, REMOTE_ADDR is the nearest proxy (127.0.0.1 behind the nginx of
deploy/). Each proxy writes the address it saw into X-Forwarded-For, so the client is the PROXY_COUNT-th
address from the right; anything further left was written by the client itself and is never trusted.
With PROXY_COUNT=0 the header is ignored altogether: anyone can send it. It is also ignored on a request that does
not come from one of PROXY_ADDRESSES (the nearest proxy's address): a client that reaches gunicorn directly, around
nginx, is known by its own address.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PROXY_COUNT
    trusted = settings.PROXY_ADDRESSES
    if proxies <= 0 or (trusted and remote not in trusted):
        return remote
    # django-ipware counts the proxies named in the header; the nearest one is REMOTE_ADDR, not in it.
    # Not strict: junk the client put on the left must not make us fall back to the proxy's address.
    forwarded, _routable = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
    )
    return forwarded or remote
