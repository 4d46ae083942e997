"""IAM errors, named after their AWS codes (the model's error shapes), with AWS's texts.

https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html#API_CreateRole_Errors
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class NoSuchEntity(ClientError):
    code = "NoSuchEntity"
    status = 404


class EntityAlreadyExists(ClientError):
    code = "EntityAlreadyExists"
    status = 409


class DeleteConflict(ClientError):
    code = "DeleteConflict"
    status = 409


class LimitExceeded(ClientError):
    code = "LimitExceeded"
    status = 409


class MalformedPolicyDocument(ClientError):
    code = "MalformedPolicyDocument"


class InvalidInput(ClientError):
    code = "InvalidInput"


class UnmodifiableEntity(ClientError):
    code = "UnmodifiableEntity"


# What AWS calls each kind of entity in its not-found and already-exists messages.
_NOT_FOUND = {
    "role": "The role with name {} cannot be found.",
    "user": "The user with name {} cannot be found.",
    "group": "The group with name {} cannot be found.",
    "oidc-provider": "OpenIDConnect Provider not found for arn {}",
    "instance-profile": "Instance Profile {} cannot be found.",
    "policy": "Policy {} does not exist or is not attachable.",
}
_EXISTS = {
    "role": "Role with name {} already exists.",
    "user": "User with name {} already exists.",
    "group": "Group with name {} already exists.",
    "oidc-provider": "Provider with url {} already exists.",
    "instance-profile": "Instance Profile {} already exists.",
    "policy": "A policy called {} already exists. Duplicate names are not allowed.",
}


def not_found(kind: str, name: str) -> NoSuchEntity:
    return NoSuchEntity(_NOT_FOUND[kind].format(name))


def already_exists(kind: str, name: str) -> EntityAlreadyExists:
    return EntityAlreadyExists(_EXISTS[kind].format(name))
