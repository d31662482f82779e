"""Who is staff, and whether the app answers only here: staff see every row and its internal notes;
everyone else sees what readers could (``geo.view.public.public_view``).

The app signs people in through OIDC (Streamlit's ``st.login``) when ``[auth]`` is configured; the
staff list (e-mail addresses, or whole domains written ``@newsroom.org``) comes from the same secrets.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Set by ``serve --replicas`` for each replica: the address HAProxy answers readers at. The replica's
# own address is always this computer's.
FRONT_ADDRESS = "INCIDENT_ATLAS_FRONT_ADDRESS"


@dataclass(frozen=True)
class StaffList:
    """Addresses match whole and case-blind; ``@domain`` entries match every address at that domain."""

    entries: tuple[str, ...] = ()

    @classmethod
    def of(cls, values: Iterable[object]) -> StaffList:
        return cls(tuple(str(v).strip().lower() for v in values if str(v).strip()))

    def includes(self, email: object) -> bool:
        if not isinstance(email, str) or "@" not in email:
            return False
        address = email.strip().lower()
        domain = "@" + address.rpartition("@")[2]
        return address in self.entries or domain in self.entries


def answers_only_here(address: str | None) -> bool:
    """Whether a server bound to ``address`` answers on this computer alone. Unset means every
    interface; a Unix socket is usually a proxy's way in, so it counts as the network."""
    if not address:
        return False
    if address.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def reached_at(own: str | None, environ: Mapping[str, str]) -> str | None:
    """The address readers reach this server at: its own, or behind ``serve --replicas`` the front's.
    A server that answers beyond this computer itself is reached there whatever the front says."""
    front = environ.get(FRONT_ADDRESS)
    return front if front is not None and answers_only_here(own) else own
