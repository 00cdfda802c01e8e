"""Creates in the embedded AWS (moto) every resource the local platform needs, read from the CDK template.

moto's own CloudFormation cannot deploy a CDK template (unsupported types such as
AWS::ApiGatewayV2::Api, the bootstrap SSM parameter), so each resource type the platform uses is
created with direct API calls, resolving the intrinsic functions the template uses (Ref, GetAtt,
Join, Sub, Select, Split). There is no second, hand-written list of tables, queues or machines.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from local_platform.moto_server import local_client

ACCOUNT = "123456789012"
LOCAL_API_ID = "local"


@dataclass
class Provisioned:
    """Physical ids and attributes of what was created, and the environment the functions get."""

    refs: dict[str, str] = field(default_factory=dict)
    attrs: dict[tuple[str, str], str] = field(default_factory=dict)
    function_env: dict[str, dict[str, str]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """The environment every function shares (the CDK app gives them the same one)."""
        merged: dict[str, str] = {}
        for env in self.function_env.values():
            merged.update(env)
        return merged


class Resolver:
    def __init__(self, template: dict[str, Any], region: str, done: Provisioned) -> None:
        self.template = template
        self.region = region
        self.done = done
        self.pseudo = {
            "AWS::Region": region,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": "InterviewPlatform",
            "AWS::NoValue": None,
        }

    def ref(self, name: str) -> Any:
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.done.refs:
            return self.done.refs[name]
        params = self.template.get("Parameters", {})
        if name in params:
            return params[name].get("Default", "")
        raise KeyError(f"unresolved Ref {name}")

    def get_att(self, name: str, attr: str) -> Any:
        if (name, attr) in self.done.attrs:
            return self.done.attrs[(name, attr)]
        raise KeyError(f"unresolved GetAtt {name}.{attr}")

    def _sub(self, text: str, variables: dict[str, Any]) -> str:
        def repl(m: re.Match[str]) -> str:
            token = m.group(1)
            if token in variables:
                return str(variables[token])
            if "." in token:
                name, attr = token.split(".", 1)
                return str(self.get_att(name, attr))
            return str(self.ref(token))

        return re.sub(r"\$\{([^}!]+)\}", repl, text)

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                name, attr = arg if isinstance(arg, list) else arg.split(".", 1)
                return self.get_att(name, attr)
            if key == "Fn::Join":
                sep, parts = arg
                return sep.join(str(p) for p in self(parts))
            if key == "Fn::Sub":
                text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self(arg[1]))
                return self._sub(text, variables)
            if key == "Fn::Select":
                index, items = arg
                return self(items)[int(self(index))]
            if key == "Fn::Split":
                sep, text = arg
                return str(self(text)).split(sep)
            if key == "Fn::GetAZs":
                return [f"{self.region}a", f"{self.region}b"]
        return {k: self(v) for k, v in value.items()}


def _of_type(template: dict[str, Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    return [(lid, r.get("Properties", {})) for lid, r in template["Resources"].items() if r["Type"] == kind]


class Provisioner:
    def __init__(
        self,
        template: dict[str, Any],
        endpoint: str,
        region: str,
        ws_endpoint: str,
        external: dict[str, str] | None = None,
    ) -> None:
        self.template = template
        self.endpoint = endpoint
        self.external = external or {}
        self.region = region
        self.ws_endpoint = ws_endpoint
        self.done = Provisioned()
        self.resolve = Resolver(template, region, self.done)

    def client(self, service: str) -> Any:
        return local_client(self.external.get(service, self.endpoint), service, self.region)

    def run(self) -> Provisioned:
        self._placeholders()
        self._kms()
        self._buckets()
        self._tables()
        self._cognito()
        self._queues()
        self._event_buses()
        self._functions()
        self._state_machines()
        self._outputs()
        return self.done

    def _set(self, logical_id: str, ref: str, **attrs: str) -> None:
        self.done.refs[logical_id] = ref
        for name, value in attrs.items():
            self.done.attrs[(logical_id, name)] = value

    def _placeholders(self) -> None:
        """Resources with no local counterpart still need ids: the WebSocket API is the local gateway."""
        gateway_url = self.ws_endpoint.rsplit("/", 1)[0]  # the gateway serves both APIs
        for lid, props in _of_type(self.template, "AWS::ApiGatewayV2::Api"):
            endpoint = self.ws_endpoint if props.get("ProtocolType") == "WEBSOCKET" else gateway_url
            self._set(lid, LOCAL_API_ID, ApiEndpoint=endpoint, ApiId=LOCAL_API_ID)
        for lid, _ in _of_type(self.template, "AWS::ApiGatewayV2::Stage"):
            self._set(lid, "live")
        iam = self.client("iam")
        for lid, props in _of_type(self.template, "AWS::IAM::Role"):
            name = f"{lid}"[:64]
            role = iam.create_role(
                RoleName=name, AssumeRolePolicyDocument=json.dumps(props.get("AssumeRolePolicyDocument", {}))
            )["Role"]
            self._set(lid, name, Arn=role["Arn"])
        for lid, _ in _of_type(self.template, "AWS::Lambda::LayerVersion"):
            self._set(lid, f"arn:aws:lambda:{self.region}:{ACCOUNT}:layer:{lid}:1")
        # Functions and state machines refer to each other; their ARNs follow from their names.
        for lid, props in _of_type(self.template, "AWS::Lambda::Function"):
            name = props.get("FunctionName") or lid[:64]
            self._set(lid, name, Arn=f"arn:aws:lambda:{self.region}:{ACCOUNT}:function:{name}")
        for lid, props in _of_type(self.template, "AWS::StepFunctions::StateMachine"):
            name = props.get("StateMachineName") or lid
            arn = f"arn:aws:states:{self.region}:{ACCOUNT}:stateMachine:{name}"
            self._set(lid, arn, Arn=arn, Name=name)

    def _kms(self) -> None:
        kms = self.client("kms")
        for lid, props in _of_type(self.template, "AWS::KMS::Key"):
            meta = kms.create_key(Description=props.get("Description", lid))["KeyMetadata"]
            if props.get("EnableKeyRotation"):
                kms.enable_key_rotation(KeyId=meta["KeyId"])
            self._set(lid, meta["KeyId"], Arn=meta["Arn"])
        for lid, props in _of_type(self.template, "AWS::KMS::Alias"):
            kms.create_alias(AliasName=props["AliasName"], TargetKeyId=self.resolve(props["TargetKeyId"]))
            self._set(lid, props["AliasName"])

    def _buckets(self) -> None:
        s3 = self.client("s3")
        for lid, props in _of_type(self.template, "AWS::S3::Bucket"):
            name = props.get("BucketName") or f"interview-{lid.lower()}"[:63]
            s3.create_bucket(Bucket=name)
            encryption = self.resolve(props.get("BucketEncryption"))
            if encryption:
                # CFN's names differ from the API's: a bare list, not "Rules"; no "Apply" prefix.
                rules = [
                    {
                        "ApplyServerSideEncryptionByDefault": r["ServerSideEncryptionByDefault"],
                        **({"BucketKeyEnabled": r["BucketKeyEnabled"]} if "BucketKeyEnabled" in r else {}),
                    }
                    for r in encryption["ServerSideEncryptionConfiguration"]
                ]
                s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
            if props.get("CorsConfiguration"):
                renamed = {"ExposedHeaders": "ExposeHeaders", "MaxAge": "MaxAgeSeconds"}
                rules = [
                    {renamed.get(k, k): v for k, v in r.items() if k != "Id"}
                    for r in props["CorsConfiguration"]["CorsRules"]
                ]
                s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
            # The bucket policy is NOT loaded: moto applies Deny statements but ignores their
            # Conditions, so the enforce-TLS policy would deny everything. tests/infrastructure
            # asserts the policy in the template instead.
            self._set(lid, name, Arn=f"arn:aws:s3:::{name}", DomainName=f"{name}.s3.amazonaws.com")

    def _tables(self) -> None:
        ddb = self.client("dynamodb")
        for lid, props in _of_type(self.template, "AWS::DynamoDB::Table"):
            name = props.get("TableName") or lid
            kwargs: dict[str, Any] = {
                "TableName": name,
                "KeySchema": props["KeySchema"],
                "AttributeDefinitions": props["AttributeDefinitions"],
                "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
            }
            if props.get("GlobalSecondaryIndexes"):
                kwargs["GlobalSecondaryIndexes"] = [
                    {k: v for k, v in g.items() if k in ("IndexName", "KeySchema", "Projection")}
                    for g in props["GlobalSecondaryIndexes"]
                ]
            sse = self.resolve(props.get("SSESpecification"))
            if sse and sse.get("SSEEnabled"):
                kwargs["SSESpecification"] = {
                    "Enabled": True,
                    "SSEType": sse.get("SSEType", "KMS"),
                    **({"KMSMasterKeyId": sse["KMSMasterKeyId"]} if sse.get("KMSMasterKeyId") else {}),
                }
            table = ddb.create_table(**kwargs)["TableDescription"]
            ttl = props.get("TimeToLiveSpecification")
            if ttl:
                ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
            if props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
                ddb.update_continuous_backups(
                    TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
                )
            self._set(lid, name, Arn=table["TableArn"], StreamArn="")

    def _cognito(self) -> None:
        idp = self.client("cognito-idp")
        allowed = {
            "Policies",
            "AutoVerifiedAttributes",
            "UsernameAttributes",
            "Schema",
            "AccountRecoverySetting",
            "AdminCreateUserConfig",
            "UsernameConfiguration",
            "VerificationMessageTemplate",
            "MfaConfiguration",
        }
        for lid, props in _of_type(self.template, "AWS::Cognito::UserPool"):
            kwargs = {k: v for k, v in self.resolve(props).items() if k in allowed}
            pool = idp.create_user_pool(PoolName=props.get("UserPoolName", lid), **kwargs)["UserPool"]
            self._set(
                lid,
                pool["Id"],
                Arn=pool["Arn"],
                ProviderName=f"cognito-idp.{self.region}.amazonaws.com/{pool['Id']}",
            )
        for lid, props in _of_type(self.template, "AWS::Cognito::UserPoolClient"):
            p = self.resolve(props)
            client = idp.create_user_pool_client(
                UserPoolId=p["UserPoolId"],
                ClientName=p.get("ClientName", lid),
                GenerateSecret=bool(p.get("GenerateSecret", False)),
                ExplicitAuthFlows=p.get("ExplicitAuthFlows", []),
            )["UserPoolClient"]
            self._set(lid, client["ClientId"])
        for lid, props in _of_type(self.template, "AWS::Cognito::UserPoolGroup"):
            p = self.resolve(props)
            idp.create_group(
                UserPoolId=p["UserPoolId"], GroupName=p["GroupName"], Description=p.get("Description", "")
            )
            self._set(lid, p["GroupName"])

    def _queues(self) -> None:
        sqs = self.client("sqs")
        queues = _of_type(self.template, "AWS::SQS::Queue")
        # Dead-letter queues first: the others' RedrivePolicy refers to their ARNs.
        queues.sort(key=lambda q: "RedrivePolicy" in q[1])
        for lid, props in queues:
            p = self.resolve(props)
            name = p.get("QueueName") or lid
            attributes: dict[str, str] = {}
            for key in (
                "VisibilityTimeout",
                "MessageRetentionPeriod",
                "ReceiveMessageWaitTimeSeconds",
                "KmsMasterKeyId",
            ):
                if key in p:
                    attributes[key] = str(p[key])
            if "RedrivePolicy" in p:
                attributes["RedrivePolicy"] = json.dumps(p["RedrivePolicy"])
            url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            self._set(lid, url, Arn=arn, QueueName=name, QueueUrl=url)

    def _event_buses(self) -> None:
        events = self.client("events")
        for lid, props in _of_type(self.template, "AWS::Events::EventBus"):
            arn = events.create_event_bus(Name=props["Name"])["EventBusArn"]
            self._set(lid, props["Name"], Arn=arn, Name=props["Name"])

    def _functions(self) -> None:
        lam = self.client("lambda")
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as z:
            z.writestr("README", "code runs in-process: see local_platform/moto_patches.py")
        for lid, props in _of_type(self.template, "AWS::Lambda::Function"):
            p = self.resolve({k: v for k, v in props.items() if k != "Layers"})
            name = p.get("FunctionName") or lid[:64]
            env = {k: str(v) for k, v in p.get("Environment", {}).get("Variables", {}).items()}
            env["WS_MANAGEMENT_ENDPOINT"] = self.ws_endpoint
            if p.get("PackageType") == "Image":
                # The image is not built here: its URI is recorded, its CMD names the handler that runs.
                package: dict[str, Any] = {
                    "PackageType": "Image",
                    "Code": {"ImageUri": p["Code"]["ImageUri"]},
                    "ImageConfig": p["ImageConfig"],
                }
            else:
                package = {
                    "Runtime": p.get("Runtime", "python3.11"),
                    "Handler": p["Handler"],
                    "Code": {"ZipFile": code.getvalue()},
                }
            fn = lam.create_function(
                FunctionName=name,
                Role=p["Role"],
                Timeout=int(p.get("Timeout", 30)),
                MemorySize=int(p.get("MemorySize", 128)),
                Environment={"Variables": env},
                **package,
            )
            self.done.function_env[name] = env
            self._set(lid, name, Arn=fn["FunctionArn"])

    def _state_machines(self) -> None:
        sfn = self.client("stepfunctions")
        for lid, props in _of_type(self.template, "AWS::StepFunctions::StateMachine"):
            definition = self.resolve(props["DefinitionString"])
            if not isinstance(definition, str):
                definition = json.dumps(definition)
            name = props.get("StateMachineName") or lid
            arn = sfn.create_state_machine(
                name=name,
                definition=definition,
                roleArn=self.resolve(props["RoleArn"]),
                type=props.get("StateMachineType", "STANDARD"),
            )["stateMachineArn"]
            self._set(lid, arn, Arn=arn, Name=name)

    def _outputs(self) -> None:
        for name, output in self.template.get("Outputs", {}).items():
            try:
                self.done.outputs[name] = str(self.resolve(output["Value"]))
            except KeyError:
                continue  # outputs of resources that only exist on AWS (HTTP API URL)
