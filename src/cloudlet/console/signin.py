"""Signing in and out (``--auth on``; with ``--auth off`` the page says there is no need)."""

from __future__ import annotations

from cloudlet.console.site import page
from cloudlet.console.view import View
from cloudlet.console.viewer import SESSION_COOKIE, sign_in, sign_out
from cloudlet.server.http import Response


def _next(value: str) -> str:
    """Where to go after signing in: a console path only (never another site)."""
    return value if value.startswith("/") and not value.startswith("//") else "/"


@page("/signin", methods=("GET", "POST"))
async def signin(view: View) -> Response:
    if not view.auth_on:
        return view.redirect("/")
    if view.request.method == "GET":
        if view.query.get("out"):
            sign_out(view.request)
            view.set_cookie(SESSION_COOKIE, "", clear=True)
        return view.render("signin.html", title="Sign in", failed=False,
                           next=_next(view.query.get("next", "/")))
    form = view.form()
    token = sign_in(view.state, form.get("access_key", ""), form.get("secret", ""))
    if token is None:
        return view.render("signin.html", 401, title="Sign in", failed=True,
                           next=_next(form.get("next", "/")))
    view.set_cookie(SESSION_COOKIE, token)
    response = Response(303, b"", [("location", f"{view.base}{_next(form.get('next', '/'))}")])
    return view.with_cookies(response)
