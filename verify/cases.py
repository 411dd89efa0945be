"""The configurations the proofs run: an emulator matrix and a catalogue of hostile inputs.

Configs are what a stack hands the program: full config keys to raw strings (structured values as JSON).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from components.stack_config import NAMESPACE
from tests.harness import config_value, stack_config


def key(name: str) -> str:
    return f"{NAMESPACE}:{name}"


def config(region: str, **values: Any) -> dict[str, str]:
    """A stack config: `aws:region` plus program keys (non-strings JSON-encoded, as Pulumi passes them)."""
    return {"aws:region": region, **{key(name): config_value(value) for name, value in values.items()}}


@dataclass(frozen=True)
class EmulatorCase:
    name: str
    partition: str
    config: dict[str, str]
    account_id: str = "123456789012"
    existing_policies: tuple[str, ...] = ()


CN_XRAY = "arn:aws-cn:iam::aws:policy/AWSXrayWriteOnlyAccess"
EMULATOR_MATRIX = [
    EmulatorCase(
        "stack dev", "aws", stack_config("dev"),
    ),
    EmulatorCase(
        "stack prod", "aws", stack_config("prod"), account_id="210987654321",
        existing_policies=("arn:aws:iam::210987654321:policy/platform/workload-boundary",),
    ),
    EmulatorCase("aws, one cluster", "aws", config("us-east-1", clusterNames=["prod"])),
    EmulatorCase(
        "aws, clusters x regions", "aws",
        config("eu-west-1", clusterNames=["a", "b", "c"], clusterRegions=["eu-west-1", "eu-central-1", "us-east-2"]),
    ),
    EmulatorCase("aws, wildcards", "aws", config("eu-west-1", clusterNames=["*"], clusterRegions=["*"])),
    EmulatorCase(
        "aws, every option", "aws",
        config(
            "us-west-2", clusterNames=["platform", "batch"], roleName="platform-fargate-pods",
            description="Fargate pods of platform and batch", accountId="123456789012",
            permissionsBoundaryArn="arn:aws:iam::123456789012:policy/boundaries/fargate",
            additionalPolicyArns=["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
                                  "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
            cloudWatchLogging=True, cloudWatchLogGroupPrefix="/aws/eks/platform/",
            tags={"team": "platform", "cost-center": "4410"}, protect=True,
        ),
        existing_policies=("arn:aws:iam::123456789012:policy/boundaries/fargate",),
    ),
    EmulatorCase(
        "aws, managed boundary and unscoped logging", "aws",
        config("ap-southeast-2", clusterNames=["apac"],
               permissionsBoundaryArn="arn:aws:iam::aws:policy/PowerUserAccess", cloudWatchLogging=True),
    ),
    EmulatorCase("aws-cn, one cluster", "aws-cn", config("cn-north-1", clusterNames=["prod"])),
    EmulatorCase(
        "aws-cn, clusters x regions", "aws-cn",
        config("cn-north-1", clusterNames=["a", "b"], clusterRegions=["cn-north-1", "cn-northwest-1"]),
    ),
    EmulatorCase(
        "aws-cn, every option", "aws-cn",
        config(
            "cn-northwest-1", clusterNames=["platform"], roleName="cn-fargate-pods", description="China pods",
            additionalPolicyArns=[CN_XRAY], cloudWatchLogging=True, cloudWatchLogGroupPrefix="/eks/",
            tags={"team": "platform"},
        ),
    ),
]  # fmt: skip


@dataclass(frozen=True)
class HostileCase:
    """One class of bad input: how to spoil a valid config, and the key the error must name."""

    name: str
    key: str
    spoil: Callable[[dict[str, str]], None]
    fragments: tuple[str, ...] = field(default=())


def setting(name: str, value: Any) -> Callable[[dict[str, str]], None]:
    return lambda raw: raw.__setitem__(key(name), config_value(value))


def removing(name: str) -> Callable[[dict[str, str]], None]:
    def spoil(raw: dict[str, str]) -> None:
        raw.pop(key(name), None)

    return spoil


def hostile_base() -> dict[str, str]:
    """A valid config every hostile case starts from."""
    return config("eu-west-1", clusterNames=["prod"], cloudWatchLogging=True, cloudWatchLogGroupPrefix="/eks/")


MANAGED = "arn:aws:iam::aws:policy/"
HOSTILE_CASES = [
    HostileCase("cluster names missing", "clusterNames", removing("clusterNames"), ("required",)),
    HostileCase("cluster names empty", "clusterNames", setting("clusterNames", []), ("at least one",)),
    HostileCase("cluster names a string, not a list", "clusterNames", setting("clusterNames", "prod"), ("list",)),
    HostileCase("cluster name a YAML number", "clusterNames", setting("clusterNames", [42]), ("quote it",)),
    HostileCase("cluster name too long", "clusterNames", setting("clusterNames", ["c" * 101]), ("101",)),
    HostileCase("cluster name with a dot", "clusterNames", setting("clusterNames", ["prod.eu"]), ("not an EKS",)),
    HostileCase("cluster name leading hyphen", "clusterNames", setting("clusterNames", ["-prod"]), ("not an EKS",)),
    HostileCase("cluster '*' mixed with names", "clusterNames", setting("clusterNames", ["*", "prod"]), ("alone",)),
    HostileCase("cluster name twice", "clusterNames", setting("clusterNames", ["a", "a"]), ("more than once",)),
    HostileCase(
        "trust policy over its quota", "clusterNames",
        setting("clusterNames", [f"cluster-{i:02d}" for i in range(40)]),
        ("2048",),
    ),
    HostileCase("region malformed", "clusterRegions", setting("clusterRegions", ["eu-west"]), ("not an AWS region",)),
    HostileCase(
        "regions span partitions", "clusterRegions", setting("clusterRegions", ["eu-west-1", "cn-north-1"]),
        ("span partitions",),
    ),
    HostileCase("region '*' mixed", "clusterRegions", setting("clusterRegions", ["*", "eu-west-1"]), ("alone",)),
    HostileCase("role name too long", "roleName", setting("roleName", "r" * 65), ("1-64",)),
    HostileCase("role name non-ASCII", "roleName", setting("roleName", "rôle"), ("ASCII",)),
    HostileCase("role name with a space", "roleName", setting("roleName", "pod role"), ("ASCII",)),
    HostileCase("description too long", "description", setting("description", "d" * 1001), ("1000",)),
    HostileCase("description outside Latin-1", "description", setting("description", "pods \u2603"), ("Latin-1",)),
    HostileCase(
        "boundary not an ARN", "permissionsBoundaryArn", setting("permissionsBoundaryArn", "boundary"),
        ("not an IAM policy ARN",),
    ),
    HostileCase(
        "boundary from another partition", "permissionsBoundaryArn",
        setting("permissionsBoundaryArn", "arn:aws-cn:iam::aws:policy/PowerUserAccess"), ("partition",),
    ),
    HostileCase(
        "policy ARN malformed", "additionalPolicyArns",
        setting("additionalPolicyArns", ["arn:aws:iam::aws:role/ReadOnlyAccess"]), ("not an IAM policy ARN",),
    ),
    HostileCase(
        "too many managed policies", "additionalPolicyArns",
        setting("additionalPolicyArns", [f"{MANAGED}P{i}" for i in range(10)]), ("exceed",),
    ),
    HostileCase(
        "policy ARN twice", "additionalPolicyArns",
        setting("additionalPolicyArns", [f"{MANAGED}ReadOnlyAccess"] * 2), ("more than once",),
    ),
    HostileCase(
        "Fargate's own policy listed again", "additionalPolicyArns",
        setting("additionalPolicyArns", [f"{MANAGED}AmazonEKSFargatePodExecutionRolePolicy"]), ("always attached",),
    ),
    HostileCase(
        "policy ARN from another partition", "additionalPolicyArns",
        setting("additionalPolicyArns", ["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"]), ("partition",),
    ),
    HostileCase(
        "log group prefix without logging", "cloudWatchLogGroupPrefix", setting("cloudWatchLogging", False),
        ("logging, which is off",),
    ),
    HostileCase(
        "log group prefix illegal characters", "cloudWatchLogGroupPrefix",
        setting("cloudWatchLogGroupPrefix", "/eks/*"), ("not a log group name prefix",),
    ),
    HostileCase("logging not a boolean", "cloudWatchLogging", setting("cloudWatchLogging", "yes"), ("true or false",)),
    HostileCase("tag key with 'aws:'", "tags", setting("tags", {"aws:team": "p"}), ("reserved",)),
    HostileCase("tag key too long", "tags", setting("tags", {"k" * 129: "v"}), ("1-128",)),
    HostileCase("tag value too long", "tags", setting("tags", {"team": "v" * 257}), ("256",)),
    HostileCase(
        "too many tags with the defaults", "tags", setting("tags", {f"t{i}": "v" for i in range(48)}), ("exceed",)
    ),
    HostileCase("tag value a YAML number", "tags", setting("tags", {"cost-center": 4410}), ("quote it",)),
    HostileCase("tags a list, not a map", "tags", setting("tags", ["team"]), ("dict",)),
    HostileCase("tag with an illegal character", "tags", setting("tags", {"team": "a&b"}), ("'&'",)),
    HostileCase("account ID lost its leading zero", "accountId", setting("accountId", "12345678901"), ("quote it",)),
    HostileCase("account ID not digits", "accountId", setting("accountId", "acct-1234567"), ("12-digit",)),
    HostileCase("protect not a boolean", "protect", setting("protect", "on"), ("true or false",)),
    HostileCase(
        "unknown key, a typo", "clusterName", setting("clusterName", ["prod"]), ("did you mean",),
    ),
    HostileCase("unknown key, wrong case", "ClusterRegions", setting("ClusterRegions", ["eu-west-1"]), ("did you",)),
    HostileCase("unknown key", "colour", setting("colour", "blue"), ("known keys",)),
]  # fmt: skip


def hostile_config(case: HostileCase) -> dict[str, str]:
    raw = hostile_base()
    case.spoil(raw)
    return raw
