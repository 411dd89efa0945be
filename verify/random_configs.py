"""Random stack configs near every limit (hypothesis): each must be rejected naming its config key
before anything exists, or yield roles the emulator accepts, that respect IAM's limits."""

import json
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pulumi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.stack_config import NAMESPACE
from tests.harness import MockRuntime
from verify.cases import config
from verify.emulator import EmulatedAwsMocks, differences
from verify.validators import RoleRecord, roles_from_mocks

REGIONS = {
    "aws": ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
}
# AWS managed policies that exist in every partition's catalogue.
MANAGED_POLICIES = [
    "ReadOnlyAccess", "AWSXrayWriteOnlyAccess", "CloudWatchAgentServerPolicy", "AmazonSSMReadOnlyAccess",
    "AmazonS3ReadOnlyAccess", "AmazonEC2ContainerRegistryReadOnly", "AmazonDynamoDBReadOnlyAccess",
    "AWSXRayDaemonWriteAccess", "CloudWatchReadOnlyAccess", "AmazonSQSReadOnlyAccess",
]  # fmt: skip
NAME_CHARACTERS = string.ascii_letters + string.digits + "-_"
ROLE_NAME_CHARACTERS = string.ascii_letters + string.digits + "+=,.@_-"
DESCRIPTION_CHARACTERS = string.printable.replace("\x0b", "").replace("\x0c", "") + "àéîõü"
LOG_GROUP_CHARACTERS = string.ascii_letters + string.digits + "._-/#"


def _length_near(limit: int, clean: bool) -> st.SearchStrategy[int]:
    """Mostly short, often right at the limit or (unless `clean`) one past it."""
    edges = [limit - 1, limit] if clean else [limit - 1, limit, limit + 1]
    return st.one_of(st.integers(1, 12), st.sampled_from(edges))


def _text(characters: str, limit: int, spoilers: str = "", clean: bool = False) -> st.SearchStrategy[str]:
    """Text of `characters` with a length near `limit`; one time in four (unless `clean`), one character
    from `spoilers`."""
    valid = _length_near(limit, clean).flatmap(lambda n: st.text(st.sampled_from(characters), min_size=n, max_size=n))
    if not spoilers or clean:
        return valid
    spoiled = st.tuples(valid, st.sampled_from(spoilers)).map(lambda pair: pair[0][:-1] + pair[1])
    return st.one_of(valid, valid, valid, spoiled)


def _cluster_name(clean: bool) -> st.SearchStrategy[str]:
    return _text(NAME_CHARACTERS, 100, ".", clean).map(lambda name: name if name[0] not in "-_" else "c" + name[1:])


@st.composite
def stack_configs(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """(partition of the provider, raw stack config). Half are `clean`: every value within its limits
    (though a combination, such as too many clusters, may still be too much)."""
    partition = draw(st.sampled_from(sorted(REGIONS)))
    clean = draw(st.booleans())
    values: dict[str, Any] = {}
    values["clusterNames"] = draw(
        st.one_of(
            st.just(["*"]), st.lists(_cluster_name(clean), min_size=0 if not clean else 1, max_size=34, unique=True)
        )
    )
    if draw(st.booleans()):
        values["clusterRegions"] = draw(
            st.one_of(
                st.just(["*"]),
                st.lists(st.sampled_from(REGIONS[partition]), min_size=1, max_size=3, unique=True),
                st.lists(
                    st.sampled_from(REGIONS["aws"] + REGIONS["aws-cn"]), min_size=1, max_size=2, unique=True
                ).filter(lambda regions: not clean or all(r in REGIONS[partition] for r in regions)),
            )
        )
    if draw(st.booleans()):
        values["roleName"] = draw(_text(ROLE_NAME_CHARACTERS, 64, " é", clean))
    if draw(st.booleans()):
        values["description"] = draw(_text(DESCRIPTION_CHARACTERS, 1000, "\u20ac\x0b", clean))
    if draw(st.booleans()):
        boundary_partition = draw(st.sampled_from([partition] if clean else [partition, partition, "aws-us-gov"]))
        values["permissionsBoundaryArn"] = f"arn:{boundary_partition}:iam::aws:policy/PowerUserAccess"
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(MANAGED_POLICIES), max_size=9 if clean else 10, unique=True))
        values["additionalPolicyArns"] = [f"arn:{partition}:iam::aws:policy/{name}" for name in names]
    values["cloudWatchLogging"] = draw(st.booleans())
    if draw(st.booleans()) and (values["cloudWatchLogging"] or not clean):
        values["cloudWatchLogGroupPrefix"] = draw(_text(LOG_GROUP_CHARACTERS, 511, ":*", clean))
    if draw(st.booleans()):
        keys = _text(string.ascii_letters + string.digits + " _.:/=+-@", 128, "#", clean)
        tag_values = st.one_of(st.just(""), _text(string.ascii_letters + " ", 256, clean=clean))
        tags = draw(st.dictionaries(keys.filter(lambda k: not k.lower().startswith("aws:")), tag_values,
                                    max_size=47 if clean else 48))  # fmt: skip
        if not clean and draw(st.integers(0, 9)) == 0:
            tags["aws:owner"] = "platform"
        values["tags"] = tags
    if draw(st.booleans()):
        values["accountId"] = draw(st.sampled_from(["123456789012"] if clean else ["123456789012", "12345678901"]))
    return partition, config(REGIONS[partition][0], **values)


# IAM's limits, restated here on their own (not taken from the program's validation module).
IAM_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)


def iam_limit_violations(record: RoleRecord) -> list[str]:
    violations = []
    trust_size = len("".join(json.dumps(record.trust_policy, separators=(",", ":")).split()))
    if trust_size > 2048:
        violations.append(f"trust policy is {trust_size} characters")
    if not IAM_ROLE_NAME.fullmatch(record.name):
        violations.append(f"role name {record.name!r}")
    if record.path != "/":
        violations.append(f"path {record.path!r}")
    if record.description is not None and len(record.description) > 1000:
        violations.append("description over 1000 characters")
    if len(record.tags) > 50:
        violations.append(f"{len(record.tags)} tags")
    for key, value in record.tags.items():
        if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
            violations.append(f"tag {key[:20]!r}")
    if len(record.managed_policy_arns) > 10:
        violations.append(f"{len(record.managed_policy_arns)} managed policies")
    inline_size = sum(len(json.dumps(doc, separators=(",", ":"))) for doc in record.inline_policies.values())
    if inline_size > 10240:
        violations.append(f"inline policies total {inline_size} characters")
    return violations


@dataclass
class Exploration:
    tried: int = 0
    rejected: int = 0
    accepted: int = 0
    rejected_keys: dict[str, int] = field(default_factory=dict)
    records: list[RoleRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def try_config(partition: str, raw: dict[str, str], exploration: Exploration) -> None:
    """One random config through the program and the emulator (which must be running)."""
    exploration.tried += 1
    mocks = EmulatedAwsMocks(partition)
    try:
        with MockRuntime(stack="random", mocks=mocks) as runtime:
            try:
                runtime.run_program(raw)
            except pulumi.RunError as error:
                message = str(error)
                prefix = f"invalid stack configuration: {NAMESPACE}:"
                if not message.startswith(prefix):
                    exploration.problems.append(f"error names no config key: {message}")
                key = message.removeprefix(prefix).split(":", 1)[0]
                exploration.rejected += 1
                exploration.rejected_keys[key] = exploration.rejected_keys.get(key, 0) + 1
                if mocks.resources or mocks.calls:
                    exploration.problems.append(f"rejected after registering {len(mocks.resources)}: {message}")
                return
        exploration.accepted += 1
        exploration.problems += differences(mocks)
        records = roles_from_mocks(mocks, f"random config {exploration.tried}")
        for record in records:
            exploration.problems += [f"{record.subject}: {v}" for v in iam_limit_violations(record)]
        exploration.records += records
    except Exception as error:
        exploration.problems.append(f"{type(error).__name__}: {error} for {raw}")
    finally:
        mocks.remove_roles()


def explore(examples: int, exploration: Exploration, seed: int | None = None) -> Exploration:
    """`examples` random configs through `try_config`."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is None,
        suppress_health_check=list(HealthCheck),
    )
    @given(stack_configs())
    def one(case: tuple[str, dict[str, str]]) -> None:
        try_config(*case, exploration)

    run: Callable[[], None] = one
    if seed is not None:
        from hypothesis import seed as hypothesis_seed

        run = hypothesis_seed(seed)(one)
    run()
    return exploration
