"""Errors that actions raise and every interface (API, console, portal, CLI) turns into answers.

Each carries a message fit to show a person, already translated to the active language, and for
invalid input the field it belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping


class ActionError(Exception):
    status_code = 400

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.errors = {field: str(text) for field, text in (errors or {}).items()}


class Invalid(ActionError):
    """Input that cannot be accepted: 400 with a message per field."""

    status_code = 400


class NotAllowed(ActionError):
    """The person may see the object but not do this to it: 403."""

    status_code = 403


class NotFound(ActionError):
    """Nothing there, or nothing this person may see (never say which): 404."""

    status_code = 404


class TooManyRequests(ActionError):
    """This client asked too often (or guessed wrong too often): 429, try again later."""

    status_code = 429


class Busy(ActionError):
    """The server cannot take this now (every slot for the work is taken): 503, try again."""

    status_code = 503


class WrongState(ActionError):
    """The object's state does not allow this action now: 409 with the reason."""

    status_code = 409
