"""The ``integration: lambda`` shapes of ``http`` events: the request template that builds
the event such functions receive, and the status codes chosen from the error message.

The event (what handlers written for the framework's lambda integration read): ``body``,
``method``, ``principalId``, ``stage``, ``cognitoPoolClaims.sub``, ``enhancedAuthContext``,
``headers``, ``query``, ``path``, ``identity``, ``stageVariables``, ``requestPath``; a form
body (``application/x-www-form-urlencoded``) arrives decoded as a map. The template text is
ours (VTL whitespace is not significant); the golden tests compare the other fields.

Errors: a function error whose message contains ``[400]`` (401, 403, 404, 422, 500, 502,
504) answers with that status; ``Task timed out`` answers 504; anything else 200.
"""

from __future__ import annotations

from typing import Any

STATUS_CODES = ("200", "400", "401", "403", "404", "422", "500", "502", "504")

_LOOP = """#define( $loop ){#foreach($key in $map.keySet())#set( $k = $util.escapeJavaScript($key) )\
#set( $v = $util.escapeJavaScript($map.get($key)).replaceAll("\\\\'", "'") )"$k": "$v"\
#if( $foreach.hasNext ),#end#end}#end"""

_EVENT = """{"body": $body, "method": "$context.httpMethod",
 "principalId": "$context.authorizer.principalId", "stage": "$context.stage",
 "cognitoPoolClaims": {"sub": "$context.authorizer.claims.sub"},
 #set( $map = $context.authorizer )"enhancedAuthContext": $loop,
 #set( $map = $input.params().header )"headers": $loop,
 #set( $map = $input.params().querystring )"query": $loop,
 #set( $map = $input.params().path )"path": $loop,
 #set( $map = $context.identity )"identity": $loop,
 #set( $map = $stageVariables )"stageVariables": $loop,
 "requestPath": "$context.resourcePath"}"""

_JSON_BODY = '#set( $body = $input.json("$") )'
_FORM_BODY = """#define( $body ){#foreach( $token in $input.path('$').split('&') )\
#set( $keyVal = $token.split('=') )#set( $keyValSize = $keyVal.size() )\
#if( $keyValSize >= 1 )#set( $key = $util.escapeJavaScript($util.urlDecode($keyVal[0])) )\
#if( $keyValSize >= 2 )\
#set($val = $util.escapeJavaScript($util.urlDecode($keyVal[1])).replaceAll("\\\\'","'"))\
#else#set( $val = '' )#end"$key": "$val"#if($foreach.hasNext),#end#end#end}#end"""


def request_templates() -> dict[str, str]:
    return {"application/json": f"{_JSON_BODY}\n{_LOOP}\n{_EVENT}",
            "application/x-www-form-urlencoded": f"{_FORM_BODY}\n{_LOOP}\n{_EVENT}"}


def _selection(code: str) -> str:
    if code == "200":
        return ""
    if code == "500":
        return r"[\s\S]*(Process\s?exited\s?before\s?completing\s?request|\[500\])[\s\S]*"
    if code == "504":
        return r"([\s\S]*\[504\][\s\S]*)|(.*Task timed out after \d+\.\d+ seconds$)"
    return rf"[\s\S]*\[{code}\][\s\S]*"


def _cors_headers(cors: dict[str, Any] | None) -> dict[str, str]:
    if not cors:
        return {}
    origin = ",".join(cors["origins"]) if cors.get("origins") else cors.get("origin") or "*"
    headers = {"Access-Control-Allow-Origin": f"'{origin}'"}
    if cors.get("allowCredentials"):
        headers["Access-Control-Allow-Credentials"] = "'true'"
    return headers


def _status_codes(response: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``response.statusCodes`` (code -> pattern/template/headers), else the defaults."""
    given = response.get("statusCodes")
    if given:
        return {str(code): dict(config or {}) for code, config in given.items()}
    return {code: {"pattern": _selection(code)} for code in STATUS_CODES}


def _headers(cors: dict[str, Any] | None, response: dict[str, Any],
             config: dict[str, Any]) -> dict[str, str]:
    return {**_cors_headers(cors), **(response.get("headers") or {}),
            **(config.get("headers") or {})}


def integration_responses(cors: dict[str, Any] | None,
                          response: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Status codes chosen by the error message, with ``response.headers`` / ``template``."""
    response = response or {}
    out = []
    for code, config in _status_codes(response).items():
        templates: dict[str, Any] = {}
        if response.get("template"):
            templates["application/json"] = response["template"]
        template = config.get("template")
        if template:
            templates.update({"application/json": template} if isinstance(template, str)
                             else template)
        entry: dict[str, Any] = {
            "StatusCode": code, "SelectionPattern": config.get("pattern") or "",
            "ResponseParameters": {f"method.response.header.{h}": v
                                   for h, v in _headers(cors, response, config).items()},
            "ResponseTemplates": templates}
        if code.startswith("2") and response.get("contentHandling"):
            entry["ContentHandling"] = response["contentHandling"]
        out.append(entry)
    return out


def method_responses(cors: dict[str, Any] | None,
                     response: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    response = response or {}
    return [{"ResponseParameters": {f"method.response.header.{h}": True
                                    for h in _headers(cors, response, config)},
             "ResponseModels": {}, "StatusCode": code}
            for code, config in _status_codes(response).items()]
