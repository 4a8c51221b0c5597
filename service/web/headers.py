"""Security headers on every response the service gives: pages, data, errors, static files, redirects.

The pages load only our own scripts and stylesheets, so the Content-Security-Policy
allows nothing else: no inline script or style, no other host, no plugins. A value
reflected into a page by mistake can then not run, and a browser does not guess a
type other than the one we send (``nosniff``), so a text or JSON error body is never
read as HTML.
"""

from __future__ import annotations

from flask import Flask, Response

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


def add_security_headers(response: Response) -> Response:
    """Set the headers unconditionally: no view may loosen the policy for itself."""
    response.headers.update(SECURITY_HEADERS)
    return response


def init_app(app: Flask) -> None:
    """Install the headers for every response, error handlers' answers included."""
    app.after_request(add_security_headers)
