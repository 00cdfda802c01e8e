"""The WebSocket API's routes and authorizer, read from the CDK template (the same routes AWS runs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _function_refs(value: Any) -> list[str]:
    """Logical ids of Lambda functions referenced anywhere in `value` (GetAtt X.Arn or Ref X)."""
    found: list[str] = []
    if isinstance(value, dict):
        if "Fn::GetAtt" in value:
            target = value["Fn::GetAtt"]
            found.append(target[0] if isinstance(target, list) else target.split(".")[0])
        elif "Ref" in value:
            found.append(value["Ref"])
        for v in value.values():
            found += _function_refs(v)
    elif isinstance(value, list):
        for v in value:
            found += _function_refs(v)
    return found


@dataclass(frozen=True)
class RouteTable:
    authorizer: str | None
    routes: dict[str, str]

    def handler_for(self, action: Any) -> tuple[str, str]:
        """API Gateway's route selection on `$request.body.action`, falling back to `$default`."""
        if isinstance(action, str) and action in self.routes and not action.startswith("$"):
            return action, self.routes[action]
        return "$default", self.routes["$default"]


def websocket_routes(template: dict[str, Any]) -> RouteTable:
    resources = template["Resources"]

    def handler_of(props: dict[str, Any], key: str) -> str:
        for ref in _function_refs(props.get(key)):
            res = resources.get(ref, {})
            if res.get("Type") == "AWS::Lambda::Function":
                handler: str = res["Properties"]["Handler"]
                return handler
        raise ValueError(f"no Lambda function behind {key}")

    ws_apis = {
        lid
        for lid, r in resources.items()
        if r["Type"] == "AWS::ApiGatewayV2::Api" and r["Properties"].get("ProtocolType") == "WEBSOCKET"
    }
    integrations = {
        lid: handler_of(r["Properties"], "IntegrationUri")
        for lid, r in resources.items()
        if r["Type"] == "AWS::ApiGatewayV2::Integration" and r["Properties"]["ApiId"].get("Ref") in ws_apis
    }
    routes: dict[str, str] = {}
    for r in resources.values():
        props = r.get("Properties", {})
        if r["Type"] != "AWS::ApiGatewayV2::Route" or props["ApiId"].get("Ref") not in ws_apis:
            continue
        targets = [i for i in _function_refs(props.get("Target")) if i in integrations]
        if targets:
            routes[props["RouteKey"]] = integrations[targets[0]]
    authorizer = next(
        (
            handler_of(r["Properties"], "AuthorizerUri")
            for r in resources.values()
            if r["Type"] == "AWS::ApiGatewayV2::Authorizer" and r["Properties"]["ApiId"].get("Ref") in ws_apis
        ),
        None,
    )
    return RouteTable(authorizer=authorizer, routes=routes)
