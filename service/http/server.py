"""The production WSGI server: waitress, with its body cap aligned to the app's and JSON-shaped errors of its own.

Waitress reads a whole request body before the app sees it. Bodies up to WAITRESS_BODY_FACTOR times the app's
MAX_CONTENT_LENGTH are read (spooled to a temporary file) and then refused by Flask with the usual JSON 413, so a
client that keeps sending until it is done still gets a clean answer. Anything larger is refused by waitress as
soon as the headers announce it, without reading the body — with the same `{"error", "message"}` JSON shape,
because waitress's own plain-text error page is replaced below.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask

WAITRESS_BODY_FACTOR = 2


class JsonErrorTask(ErrorTask):
    """Waitress's error answer (413, 400, 431…) as cardnote's JSON error shape instead of plain text."""

    max_upload_mb = 20

    def execute(self) -> None:
        """Write `{"error", "message"}` with waitress's status and close the connection."""
        error = self.request.error
        code = error.reason.lower().replace(" ", "_")
        message = error.body
        if error.code == 413:
            message = f"The upload is larger than the {self.max_upload_mb} MB limit."
        body = json.dumps({"error": code, "message": message}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.response_headers.append(("X-Content-Type-Options", "nosniff"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def make_server(app: Flask, host: str, port: int, threads: int, **adjustments: Any) -> Any:
    """A waitress server for `app` whose body cap follows MAX_CONTENT_LENGTH and whose errors are JSON."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    task_class = type("CardnoteErrorTask", (JsonErrorTask,), {"max_upload_mb": limit // (1024 * 1024)})
    channel_class = type("CardnoteChannel", (HTTPChannel,), {"error_task_class": task_class})
    server = create_server(app, host=host, port=port, threads=threads, ident="cardnote",
                           max_request_body_size=limit * WAITRESS_BODY_FACTOR, **adjustments)
    listeners = [server] if isinstance(server, BaseWSGIServer) else list(server.map.values())
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel_class
    return server
