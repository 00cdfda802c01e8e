"""Intrinsic functions in the CDK template resolve the way CloudFormation would resolve them."""

from __future__ import annotations

import pytest

from local_platform.provision import Provisioned, Resolver

pytestmark = pytest.mark.unit


@pytest.fixture
def resolve() -> Resolver:
    done = Provisioned(refs={"Queue": "http://q/1", "Api": "abc123"}, attrs={("Key", "Arn"): "arn:aws:kms:k"})
    return Resolver({"Resources": {}}, "eu-west-1", done)


def test_ref_getatt_join_sub(resolve: Resolver) -> None:
    assert resolve({"Ref": "Queue"}) == "http://q/1"
    assert resolve({"Fn::GetAtt": ["Key", "Arn"]}) == "arn:aws:kms:k"
    assert resolve({"Fn::GetAtt": "Key.Arn"}) == "arn:aws:kms:k"
    joined = {
        "Fn::Join": [
            "",
            ["https://", {"Ref": "Api"}, ".execute-api.", {"Ref": "AWS::Region"}, ".amazonaws.com"],
        ]
    }
    assert resolve(joined) == "https://abc123.execute-api.eu-west-1.amazonaws.com"
    assert (
        resolve({"Fn::Sub": "arn:${AWS::Partition}:x:${Key.Arn}:${Api}"}) == "arn:aws:x:arn:aws:kms:k:abc123"
    )
    assert resolve({"Fn::Sub": ["${A}-${Api}", {"A": "v"}]}) == "v-abc123"
    assert resolve({"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}) == "b"


def test_nested_structures_resolve_everywhere(resolve: Resolver) -> None:
    assert resolve({"Variables": {"Q": {"Ref": "Queue"}, "L": [{"Ref": "Api"}, 3]}}) == {
        "Variables": {"Q": "http://q/1", "L": ["abc123", 3]}
    }


def test_unknown_reference_fails_loudly(resolve: Resolver) -> None:
    with pytest.raises(KeyError, match="Nope"):
        resolve({"Ref": "Nope"})
