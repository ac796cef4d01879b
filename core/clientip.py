"""The client's address, the one rule every throttle and the login lock-out use.

`X-Forwarded-For` is believed only when the request comes from a proxy listed
in settings.TRUSTED_PROXIES (IP addresses or CIDR networks, from the
TRUSTED_PROXIES environment variable). The header is then read from the right:
each hop added by a trusted proxy is skipped, and the first address that is not
a trusted proxy is the client. Anything a client writes into the header itself
sits to the left of that and is never reached. Without trusted proxies, or when
the request comes from anywhere else, the answer is REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=16)
def _networks(proxies):
    networks = []
    for entry in proxies:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def trusted_networks():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address, networks=None):
    networks = trusted_networks() if networks is None else networks
    parsed = _address(address) if isinstance(address, str) else address
    return parsed is not None and any(parsed in network for network in networks)


def client_ip(request):
    """The client's IP address as text ("" when the server did not say)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks()
    if not networks or not is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _address(hop)
        if parsed is None:  # a garbled hop: stop believing the header
            return remote
        if not is_trusted(parsed, networks):
            return str(parsed)
    return str(_address(hops[0])) if hops else remote
