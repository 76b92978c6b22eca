"""Errors with stable codes and a fix.

``E`` codes are raised (configuration, missing model, unreadable file);
``W`` codes are reasons recorded on :class:`~whimbrel.records.Rejection`
when one document cannot be coded. Both are listed in ``docs/errors.md``.
"""

from __future__ import annotations


class WhimbrelError(Exception):
    """Base class: ``[Exxx] message. fix``."""

    code = "E000"

    def __init__(self, message: str, fix: str | None = None, code: str | None = None):
        self.code = code or self.code
        self.message = message
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.fix:
            text += f" {self.fix}"
        return text


class ConfigError(WhimbrelError):
    code = "E001"


class ModelNotFound(WhimbrelError):
    code = "E002"


class KnowledgeError(WhimbrelError):
    """A data file (lexicon, actors, ontology) is malformed."""

    code = "E003"


class InputError(WhimbrelError):
    """An input file cannot be opened or read at all."""

    code = "E004"


# Reasons a single document is rejected (recorded, never raised past a batch).
REJECT_EMPTY = "W101"
REJECT_BINARY = "W102"
REJECT_ENCODING = "W103"
REJECT_TOO_LONG = "W104"
REJECT_BAD_JSON = "W105"
REJECT_BAD_FIELD = "W106"
REJECT_NO_TEXT_IN_HTML = "W107"
REJECT_NOT_ENGLISH = "W108"
REJECT_FETCH = "W109"  # a URL could not be fetched (HTTP error, timeout, too big, too many redirects)
REJECT_BAD_FEED = "W110"  # an RSS/Atom feed that cannot be parsed
REJECT_BAD_WARC = "W111"  # a WARC archive that cannot be read
REJECT_UNSUPPORTED = "W112"  # a file or response of a kind whimbrel does not read
REJECT_INTERNAL = "W199"
