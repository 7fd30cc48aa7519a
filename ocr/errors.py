"""The one exception hierarchy of cardnote: every class carries a user-facing message.

Modelled on OCRmyPDF's ExitCodeException: the classes know their exit status and
HTTP status, but are turned into exit codes and responses only at the edges (the
CLI's main and the Flask error handlers).
"""

from __future__ import annotations


class CardnoteError(Exception):
    """Base of every error a user may see; `message` is written for a person."""

    exit_code = 1
    http_status = 400
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict:
        """The JSON error shape `{"error", "message"}` used by the API and `scan`."""
        return {"error": self.code, "message": self.message}


class UnreadableImage(CardnoteError):
    """The bytes are not an image we accept (format, size, corruption)."""

    exit_code = 2
    http_status = 422
    code = "unreadable_image"


class ImageTooLarge(UnreadableImage):
    """The image exceeds the byte or pixel cap (decompression-bomb guard)."""

    http_status = 413
    code = "image_too_large"


class OcrEngineError(CardnoteError):
    """An OCR engine is missing or failed; the message says how to fix it."""

    exit_code = 3
    http_status = 503
    code = "ocr_engine_unavailable"


class ConfigurationError(CardnoteError):
    """A setting or command-line option is invalid."""

    exit_code = 2
    http_status = 400
    code = "bad_configuration"
