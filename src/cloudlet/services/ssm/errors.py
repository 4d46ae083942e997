"""SSM Parameter Store errors, named after their AWS codes, with AWS's texts.

https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html#API_PutParameter_Errors
"""

from __future__ import annotations

from cloudlet.server.errors import ClientError


class ParameterNotFound(ClientError):
    code = "ParameterNotFound"


class ParameterAlreadyExists(ClientError):
    code = "ParameterAlreadyExists"
    default_message = ("The parameter already exists. To overwrite this request's value, set"
                       " the overwrite option in the request to true.")


class ParameterVersionNotFound(ClientError):
    code = "ParameterVersionNotFound"


class ParameterPatternMismatchException(ClientError):
    code = "ParameterPatternMismatchException"


class InvalidAllowedPatternException(ClientError):
    code = "InvalidAllowedPatternException"


class HierarchyLevelLimitExceededException(ClientError):
    code = "HierarchyLevelLimitExceededException"
    default_message = ("A hierarchy can have a maximum of 15 levels. For more information,"
                       " see Requirements and constraints for parameter names in the AWS"
                       " Systems Manager User Guide.")


class ParameterMaxVersionLimitExceeded(ClientError):
    code = "ParameterMaxVersionLimitExceeded"


class ParameterVersionLabelLimitExceeded(ClientError):
    code = "ParameterVersionLabelLimitExceeded"
    default_message = ("A parameter version can have maximum 10 labels.Move one or more labels"
                       " to another version and try again.")


class UnsupportedParameterType(ClientError):
    code = "UnsupportedParameterType"


class InvalidFilterKey(ClientError):
    code = "InvalidFilterKey"


class InvalidFilterOption(ClientError):
    code = "InvalidFilterOption"


class InvalidFilterValue(ClientError):
    code = "InvalidFilterValue"


class InvalidNextToken(ClientError):
    code = "InvalidNextToken"
    default_message = "The specified token isn't valid."


class InvalidResourceId(ClientError):
    code = "InvalidResourceId"


class InvalidResourceType(ClientError):
    code = "InvalidResourceType"


class TooManyTagsError(ClientError):
    code = "TooManyTagsError"
    default_message = ("The Tags array exceeds the maximum number of tags allowed for this"
                       " resource (50).")
