"""The mapping-template language: airspeed with API Gateway's $input, $util and rendering.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
"""

from __future__ import annotations

import json
from typing import Any

import airspeed
import pytest

from cloudlet.services.apigateway.gateway.vtl import UTIL, Input, VtlError, render

# The Mafia workshop's pass-through template (what the API Gateway console called
# "Method Request passthrough").
PASSTHROUGH = """#set($allParams = $input.params())
{
"body-json" : $input.json('$'),
"base64-body": "$util.base64Encode($input.body)",
"params" : {
#foreach($type in $allParams.keySet())
#set($params = $allParams.get($type))
"$type" : {
#foreach($paramName in $params.keySet())
"$paramName" : "$util.escapeJavaScript($params.get($paramName))"
#if($foreach.hasNext),#end
#end
}
#if($foreach.hasNext),#end
#end
},
"stage-variables" : {
#foreach($key in $stageVariables.keySet())
"$key" : "$util.escapeJavaScript($stageVariables.get($key))"
#if($foreach.hasNext),#end
#end
},
"context" : {
"account-id": "$context.identity.accountId",
"api-id": "$context.apiId",
"api-key": "$context.identity.apiKey",
"authorizer-principal-id": "$context.authorizer.principalId",
"caller": "$context.identity.caller",
"cognito-authentication-provider": "$context.identity.cognitoAuthenticationProvider",
"cognito-authentication-type": "$context.identity.cognitoAuthenticationType",
"cognito-identity-id": "$context.identity.cognitoIdentityId",
"cognito-identity-pool-id": "$context.identity.cognitoIdentityPoolId",
"http-method": "$context.httpMethod",
"stage": "$context.stage",
"source-ip": "$context.identity.sourceIp",
"user": "$context.identity.user",
"user-agent": "$context.identity.userAgent",
"user-arn": "$context.identity.userArn",
"request-id": "$context.requestId",
"resource-id": "$context.resourceId",
"resource-path": "$context.resourcePath"
}
}
"""


def names(body: str = "", params: dict[str, dict[str, str]] | None = None,
          context: dict[str, Any] | None = None,
          stage_variables: dict[str, str] | None = None) -> dict[str, Any]:
    return {"input": Input(body, params), "util": UTIL, "context": context or {},
            "stageVariables": stage_variables or {}}


def test_passthrough_template_renders_aws_json() -> None:
    """The workshop template gives valid JSON; null context values are empty strings."""
    params = {"path": {"id": "7"}, "querystring": {"q": "a b"},
              "header": {"Content-Type": "application/json", "User-Agent": "ua/1"}}
    context = {
        "apiId": "abc123", "httpMethod": "POST", "stage": "prod", "requestId": "rid",
        "resourceId": "res1", "resourcePath": "/games/{id}",
        "identity": {"accountId": None, "apiKey": None, "caller": None, "sourceIp": "127.0.0.1",
                     "user": None, "userAgent": "ua/1", "userArn": None,
                     "cognitoAuthenticationProvider": None, "cognitoAuthenticationType": None,
                     "cognitoIdentityId": None, "cognitoIdentityPoolId": None},
        "authorizer": {},
    }
    out = render(PASSTHROUGH, names('{"name": "x", "n": [1, 2]}', params, context,
                                    {"env": "dev", "quote": 'say "hi"'}))
    assert json.loads(out) == {
        "body-json": {"name": "x", "n": [1, 2]},
        "base64-body": "eyJuYW1lIjogIngiLCAibiI6IFsxLCAyXX0=",
        "params": {"path": {"id": "7"}, "querystring": {"q": "a b"},
                   "header": {"Content-Type": "application/json", "User-Agent": "ua/1"}},
        "stage-variables": {"env": "dev", "quote": 'say "hi"'},
        "context": {
            "account-id": "", "api-id": "abc123", "api-key": "", "authorizer-principal-id": "",
            "caller": "", "cognito-authentication-provider": "",
            "cognito-authentication-type": "", "cognito-identity-id": "",
            "cognito-identity-pool-id": "", "http-method": "POST", "stage": "prod",
            "source-ip": "127.0.0.1", "user": "", "user-agent": "ua/1", "user-arn": "",
            "request-id": "rid", "resource-id": "res1", "resource-path": "/games/{id}",
        },
    }


def test_passthrough_template_with_empty_body_and_no_params() -> None:
    """An empty body is {} for $input.json('$'); empty maps render as {}."""
    out = render(PASSTHROUGH, names())
    found = json.loads(out)
    assert found["body-json"] == {}
    assert found["base64-body"] == ""
    assert found["params"] == {"path": {}, "querystring": {}, "header": {}}
    assert found["stage-variables"] == {}


def test_input_path_returns_objects_to_index_and_iterate() -> None:
    body = '{"items": [{"n": "a"}, {"n": "b"}], "flag": true}'
    template = ("#set($items = $input.path('$.items'))$items.size()"
                "#foreach($i in $items)-$i.n#end $items[1].n $input.path('$.flag')")
    assert render(template, names(body)) == "2-a-b b true"


def test_input_path_renders_maps_as_java_does() -> None:
    assert render("$input.path('$')", names('{"a": 1, "b": "x"}')) == "{a=1, b=x}"


def test_input_json_returns_json_text() -> None:
    assert render("$input.json('$.a')", names('{"a": {"b": [1, "x"]}}')) == '{"b":[1,"x"]}'


def test_input_path_of_non_json_body_is_the_text() -> None:
    out = render("#foreach($p in $input.path('$').split('&'))[$p]#end", names("a=1&b=2"))
    assert out == "[a=1][b=2]"


def test_input_params_by_name_looks_in_path_then_query_then_header() -> None:
    params = {"path": {"id": "p"}, "querystring": {"id": "q", "only": "q2"},
              "header": {"X-Only": "h"}}
    out = render("$input.params('id') $input.params('only') $input.params('x-only')",
                 names(params=params))
    assert out == "p q2 h"


def test_missing_references_render_empty() -> None:
    out = render("[$nothing][$input.path('$.missing')][$context.authorizer.claims.sub]",
                 names("{}"))
    assert out == "[][][]"


def test_escape_javascript_follows_commons_lang() -> None:
    out = render("$util.escapeJavaScript($input.path('$.s'))",
                 names(json.dumps({"s": "it's \"q\" a/b \\ \n é"})))
    assert out == "it\\'s \\\"q\\\" a\\/b \\\\ \\n \\u00E9"


def test_url_encode_and_decode_follow_java() -> None:
    assert render("$util.urlEncode('a b~*/&')", names()) == "a+b%7E*%2F%26"
    assert render("$util.urlDecode('a+b%2F')", names()) == "a b/"


def test_base64_round_trip_and_parse_json() -> None:
    assert render("$util.base64Decode($util.base64Encode('héllo'))", names()) == "héllo"
    out = render("#set($o = $util.parseJson($input.path('$.s')))$o.k", names('{"s": "{\\"k\\": 5}"}'))
    assert out == "5"


def test_if_elseif_else() -> None:
    template = ("#set($n = $input.path('$.n'))"
                "#if($n > 5)big#elseif($n == 5)five#{else}small#end")
    assert render(template, names('{"n": 5}')) == "five"
    assert render(template, names('{"n": 9}')) == "big"
    assert render(template, names('{"n": 1}')) == "small"


def test_response_override_is_written_to_context() -> None:
    context: dict[str, Any] = {"responseOverride": {"header": {}, "status": None}}
    render("#set($context.responseOverride.status = 418)"
           "#set($context.responseOverride.header.X-Tea = 'pot')", names(context=context))
    assert context["responseOverride"] == {"status": 418, "header": {"X-Tea": "pot"}}


def test_define_macro_as_the_serverless_framework_uses_it() -> None:
    template = ("#define( $loop ){#foreach($key in $map.keySet())\"$key\":\"$map.get($key)\""
                "#if( $foreach.hasNext ),#end#end}#end"
                "#set( $map = $input.params().header )$loop")
    out = render(template, names(params={"path": {}, "querystring": {},
                                         "header": {"A": "1", "B": "2"}}))
    assert json.loads(out) == {"A": "1", "B": "2"}


def test_syntax_error_raises_vtl_error() -> None:
    with pytest.raises(VtlError):
        render("#if($x", names())


def test_other_airspeed_users_keep_airspeed_rendering() -> None:
    """The AWS rendering rules apply only to templates rendered through vtl.render."""
    assert airspeed.Template("[$missing]").merge({}) == "[$missing]"
