"""Cognito user pool errors, named after their AWS codes, with AWS's texts.

https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class ResourceNotFoundException(ClientError):
    code = "ResourceNotFoundException"


class InvalidParameterException(ClientError):
    code = "InvalidParameterException"


class NotAuthorizedException(ClientError):
    code = "NotAuthorizedException"
    default_message = "Incorrect username or password."


class UserNotFoundException(ClientError):
    code = "UserNotFoundException"
    default_message = "User does not exist."


class UsernameExistsException(ClientError):
    code = "UsernameExistsException"
    default_message = "User already exists"


class UserNotConfirmedException(ClientError):
    code = "UserNotConfirmedException"
    default_message = "User is not confirmed."


class PasswordResetRequiredException(ClientError):
    code = "PasswordResetRequiredException"
    default_message = "Password reset required for the user"


class InvalidPasswordException(ClientError):
    code = "InvalidPasswordException"


class CodeMismatchException(ClientError):
    code = "CodeMismatchException"
    default_message = "Invalid verification code provided, please try again."


class ExpiredCodeException(ClientError):
    code = "ExpiredCodeException"
    default_message = "Invalid code provided, please request a code again."


class GroupExistsException(ClientError):
    code = "GroupExistsException"


class AliasExistsException(ClientError):
    code = "AliasExistsException"
    default_message = "An account with the given email already exists."


def pool_not_found(pool_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"User pool {pool_id} does not exist.")


def client_not_found(client_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"User pool client {client_id} does not exist.")


class UserLambdaValidationException(ClientError):
    code = "UserLambdaValidationException"


class InvalidLambdaResponseException(ClientError):
    code = "InvalidLambdaResponseException"


class UnexpectedLambdaException(ClientError):
    code = "UnexpectedLambdaException"
