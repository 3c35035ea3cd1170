import ipaddress
import zoneinfo
from collections.abc import Callable, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Person

SESSION_KEY = "copse_timezone"


class PersonTimezoneMiddleware:
    """Show dates and times in the time zone a person chose on their profile.

    The zone is read once per session and kept there; saving the profile updates it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            name = request.session.get(SESSION_KEY)
            if name is None:
                name = (
                    Person.objects.filter(user=request.user).values_list("timezone", flat=True).first() or ""
                )
                request.session[SESSION_KEY] = name
            try:
                timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> Address | None:
    """An address from X-Forwarded-For or REMOTE_ADDR (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address in network for network in proxies)


def forwarded_client_address(remote_addr: str, forwarded_for: str, proxies: Sequence[Network]) -> str | None:
    """The person's address when the request came through our load balancers, or None to keep REMOTE_ADDR.

    Each proxy appends the address it was reached from, so the list is read from the right: past our own
    proxies, the first address is the one that connected to them. Anything to its left was written by the
    client and proves nothing.
    """
    peer = _address(remote_addr)
    if peer is None or not forwarded_for or not _trusted(peer, proxies):
        return None
    client: Address = peer
    for entry in reversed(forwarded_for.split(",")):
        hop = _address(entry)
        if hop is None:
            break  # Garbage from a proxy we trust: keep the last address we can vouch for.
        client = hop
        if not _trusted(hop, proxies):
            break
    return str(client)


class ForwardedClientAddressMiddleware:
    """Set REMOTE_ADDR to the person's address when the request came from a trusted load balancer.

    Behind the load balancer every request comes from the balancer's address, so sign-in limits (counted per
    address) would be shared by everyone. `COPSE_TRUSTED_PROXIES` lists the balancers; X-Forwarded-For from
    anyone else is ignored, so a forged header changes nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies: Sequence[Network] = settings.COPSE_TRUSTED_PROXIES
        if proxies:
            client = forwarded_client_address(
                request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies
            )
            if client is not None:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
