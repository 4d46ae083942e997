"""ExpressionAttributeNames / ExpressionAttributeValues and the tokenizer."""

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import (
    ExpressionContext,
    compile_condition,
    compile_projection,
    compile_update,
)
from cloudlet.services.dynamodb.expressions.reserved import RESERVED_WORDS, is_reserved
from cloudlet.services.dynamodb.expressions.tokens import tokenize


def test_check_all_used_names() -> None:
    ctx = ExpressionContext({"#a": "a", "#b": "b"}, {":v": {"S": "x"}})
    compile_condition("#a = :v", ctx)
    with pytest.raises(ValidationException) as err:
        ctx.check_all_used()
    assert err.value.message == (
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}"
    )


def test_check_all_used_values_across_expressions() -> None:
    ctx = ExpressionContext({"#a": "a"}, {":v": {"S": "x"}, ":w": {"S": "y"}, ":u": {"N": "1"}})
    compile_update("SET #a = :v", ctx)
    compile_projection("#a", ctx)
    with pytest.raises(ValidationException) as err:
        ctx.check_all_used()
    assert err.value.message == (
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :u}"
    )
    compile_condition("a <> :w AND a <> :u", ctx)
    ctx.check_all_used()


def test_context_validation() -> None:
    with pytest.raises(ValidationException, match="^ExpressionAttributeNames must not be empty$"):
        ExpressionContext({}, None)
    with pytest.raises(ValidationException, match="^ExpressionAttributeValues must not be empty$"):
        ExpressionContext(None, {})
    with pytest.raises(ValidationException) as err:
        ExpressionContext(None, {":v": {"N": "abc"}})
    assert err.value.message == (
        "ExpressionAttributeValues contains invalid value: The parameter cannot be converted "
        "to a numeric value: abc for key :v"
    )
    with pytest.raises(ValidationException, match="invalid key"):
        ExpressionContext({"a": "b"}, None)
    assert ExpressionContext(None, {":v": {"N": "1.50"}}).values == {":v": {"N": "1.5"}}


def test_reserved_words() -> None:
    assert len(RESERVED_WORDS) == 573
    assert is_reserved("status") and is_reserved("Name") and is_reserved("SIZE")
    assert not is_reserved("pk")


def test_tokenizer() -> None:
    tokens = tokenize("a.#b[12] <= :v")
    assert [t.text for t in tokens] == ["a", ".", "#b", "[", "12", "]", "<=", ":v", "<EOF>"]
    assert [t.kind for t in tokens][:3] == ["NAME", "OP", "NAME_REF"]
