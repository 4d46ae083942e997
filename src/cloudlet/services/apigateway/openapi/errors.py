"""The errors of import and export, as API Gateway names them.

https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-errors-warnings.html

Errors during import (an invalid definition) are BadRequestException and nothing is changed;
warnings (a missing model reference, an extension cloudlet skips) are returned in the
RestApi's ``warnings``, or as a BadRequestException when ``failonwarnings=true``.

LIMITATIONS: AWS does not document the text of most import errors. The ones copied from
AWS's answers: ``Invalid stage identifier specified`` and ``No API exporter for type 'X'``; the others are cloudlet's own, phrased like AWS's.
"""

from __future__ import annotations

from cloudlet.services.apigateway.errors import BadRequestException, NotFoundException

__all__ = ["BadRequestException", "NotFoundException", "invalid_definition", "warnings_found"]


def invalid_definition(reason: str) -> BadRequestException:
    """A definition that cannot be imported at all (cloudlet's text)."""
    return BadRequestException(f"Invalid OpenAPI input: {reason}")


def warnings_found(warnings: list[str]) -> BadRequestException:
    """``failonwarnings=true`` and the import had warnings (cloudlet's text)."""
    return BadRequestException("Warnings found during import:\n\t" + "\n\t".join(warnings))
