"""The web console: see and drive everything in the browser.

Served by the same server at ``http://localhost:PORT/_cloudlet/console/`` and at
``http://console.localhost:PORT/``: server-rendered pages (Jinja2 templates) with a little
htmx (vendored in ``static/``, so there is no build step and nothing is fetched at run
time). Every page is a URL: the region is in its query string, the account in the
viewer's session, so a reload or a shared link shows the same thing.

The console talks to cloudlet only through the operations boto3 uses
(``server.internal.call`` with the viewer's principal), so IAM, validation and errors are
the API's own. With ``--auth on`` the viewer signs in with an access key pair and sees
only that key's account; with ``--auth off`` an account and region switcher.

- ``site``: the page table (``@page("/functions/{name}")``) and the edge routes;
- ``view``: what a page handler gets (the request, the viewer, ``call``, ``render``);
- ``viewer``: sign-in sessions and the account/region choice;
- one module per area (``home``, ``functions``, ``tables``, ...), templates under
  ``templates/``.
"""

from __future__ import annotations

from cloudlet.console.site import edge_routes

__all__ = ["edge_routes"]
