"""Who the client of a request is, and whether it is still there.

The client is the address the connection comes from. Behind a reverse proxy that
address is the proxy's; then ``X-Forwarded-For`` tells the client, but only the
entries that proxies in ``TRUSTED_PROXIES`` wrote can be believed: it is read from
the right, skipping trusted proxies, and the first other address is the client. A
client that sends its own ``X-Forwarded-For`` straight to us changes nothing.

A query whose client went away is stopped (``service.store.workers.CANCELLED``):
while the query runs, the connection's socket is polled; readable with nothing to
read means the client closed it.
"""

from __future__ import annotations

import ipaddress
import select
import socket
from collections.abc import Callable
from typing import Any

from flask import Flask, g, request

from service.store import workers

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """The networks of ``TRUSTED_PROXIES``: addresses or CIDR networks, space-separated.

    >>> parse_networks("10.0.0.1 192.168.0.0/16")
    (IPv4Network('10.0.0.1/32'), IPv4Network('192.168.0.0/16'))
    """
    return tuple(ipaddress.ip_network(part, strict=False) for part in text.split())


def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(environ: dict[str, Any], proxies: tuple[Network, ...]) -> str:
    """The client of a request: the connection's address, or what trusted proxies say it is.

    >>> client_address({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}, parse_networks("10.0.0.1"))
    '1.2.3.4'
    >>> client_address({"REMOTE_ADDR": "1.2.3.4", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, parse_networks("10.0.0.1"))
    '1.2.3.4'
    """
    remote = environ.get("REMOTE_ADDR") or "-"
    if not proxies or not _trusted(remote, proxies):
        return remote
    hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop
    return hops[0] if hops else remote


def current_client() -> str:
    """The client of the request being answered (worked out once per request)."""
    if "sdkg_client" not in g:
        from flask import current_app

        g.sdkg_client = client_address(request.environ, current_app.extensions["sdkg.proxies"])
    return g.sdkg_client


def gone_check(environ: dict[str, Any]) -> Callable[[], bool] | None:
    """A function that tells whether the client closed its connection; None where the server hides it."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    if not isinstance(sock, socket.socket) or type(sock) is not socket.socket:
        return None  # TLS sockets and test clients: not looked at

    def gone() -> bool:
        try:
            poller = select.poll()
            poller.register(sock, select.POLLIN | select.POLLPRI)
            events = poller.poll(0)
            if not events:
                return False
            if events[0][1] & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                return True
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False
        except (OSError, ValueError):
            return True

    return gone


def init_app(app: Flask) -> None:
    app.extensions["sdkg.proxies"] = parse_networks(app.config["TRUSTED_PROXIES"])

    @app.before_request
    def _watch_connection() -> None:
        g.sdkg_cancel_token = workers.CANCELLED.set(gone_check(request.environ))

    @app.teardown_request
    def _unwatch_connection(_error: BaseException | None) -> None:
        token = g.pop("sdkg_cancel_token", None)
        if token is not None:
            workers.CANCELLED.reset(token)
