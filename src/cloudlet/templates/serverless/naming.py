"""The Serverless Framework's logical ids (its ``lib/plugins/aws/lib/naming.js``), so user
``resources`` that ``Ref`` or ``Fn::GetAtt`` ``HelloLambdaFunction`` or ``ApiGatewayRestApi``
find them."""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")


def upper_first(name: str) -> str:
    return name[:1].upper() + name[1:]


def normalize(name: str) -> str:
    """``getNormalizedFunctionName``: ``-`` -> ``Dash``, ``_`` -> ``Underscore``, first upper."""
    return upper_first(name.replace("-", "Dash").replace("_", "Underscore"))


def alnum(name: str) -> str:
    """``normalizeNameToAlphaNumericOnly``."""
    return upper_first(_NON_ALNUM.sub("", name))


def path_part(part: str) -> str:
    """``normalizePathPart``: ``{id}`` -> ``IdVar``, ``-`` -> ``Dash``, lodash capitalize."""
    text = part[:1].upper() + part[1:].lower()
    text = text.replace("-", "Dash")
    text = re.sub(r"\{(.*)\}", r"\1Var", text)
    return upper_first(_NON_ALNUM.sub("", text))


def normalize_path(path: str) -> str:
    return "".join(path_part(p) for p in path.split("/"))


def function(name: str) -> str:
    return f"{normalize(name)}LambdaFunction"


def log_group(name: str) -> str:
    return f"{normalize(name)}LogGroup"


def version(name: str, digest: str) -> str:
    return f"{normalize(name)}LambdaVersion{_NON_ALNUM.sub('', digest)}"


def layer(name: str) -> str:
    return f"{normalize(name)}LambdaLayer"


def resource(path: str) -> str:
    return f"ApiGatewayResource{normalize_path(path)}"


def method(resource_name: str, http_method: str) -> str:
    return f"ApiGatewayMethod{resource_name}{upper_first(http_method.lower())}"


def http_api_route(route_key: str) -> str:
    return "HttpApiRouteDefault" if route_key == "*" else f"HttpApiRoute{normalize_path(route_key)}"


ROLE = "IamRoleLambdaExecution"
BUCKET = "ServerlessDeploymentBucket"
BUCKET_POLICY = "ServerlessDeploymentBucketPolicy"
REST_API = "ApiGatewayRestApi"
HTTP_API = "HttpApi"
