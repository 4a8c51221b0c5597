"""Security headers on every response the service gives: pages, data, errors, static files, redirects.

The pages load only our own scripts and stylesheets, so the Content-Security-Policy
allows nothing else: no inline script or style, no other host, no plugins. A value
reflected into a page by mistake can then not run, and a browser does not guess a
type other than the one we send (``nosniff``), so a text or JSON error body is never
read as HTML.
"""

from __future__ import annotations

from flask import Flask, Response, request

#: Each directive on its own, so a reader (and a test) sees what is allowed from where.
CSP_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

#: Paths other sites may show in a frame: the reconciliation preview card, which OpenRefine
#: shows in an iframe beside each candidate. The card has no script, form or button, so
#: framing it cannot trick anyone into an action; everything else of the policy holds.
FRAMEABLE_PATHS = ("/reconcile/preview", "/reconcile/v1/preview")
FRAMEABLE_POLICY = "; ".join(
    f"{name} {'*' if name == 'frame-ancestors' else value}" for name, value in CSP_DIRECTIVES.items()
)


def add_security_headers(response: Response) -> Response:
    """Set the headers unconditionally: no view may loosen the policy for itself (only this table does)."""
    response.headers.update(SECURITY_HEADERS)
    if request.path in FRAMEABLE_PATHS:
        response.headers["Content-Security-Policy"] = FRAMEABLE_POLICY
    return response


def init_app(app: Flask) -> None:
    """Install the headers for every response, error handlers' answers included."""
    app.after_request(add_security_headers)
