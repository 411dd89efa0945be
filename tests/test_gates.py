"""The two gates: what is checked at construction, and the trust policy checked once values resolve."""

from components import gates, policies
from components.validation import UNKNOWN
from tests.input_errors import rejects

ACCOUNT = "111122223333"


# Trust policy size: IAM's default quota is 2048 characters, white space not counted.
def _names_for_size(target: int) -> list[str]:
    """Cluster names whose trust policy is exactly `target` characters."""
    names: list[str] = []
    while True:
        size = policies.policy_size(policies.trust_policy("aws", ACCOUNT, [*names, "x"], ["eu-west-1"]))
        if size > target:
            break
        names.append(f"c{len(names):03d}")
    # Lengthen the last name until the document is exactly on target.
    base = policies.policy_size(policies.trust_policy("aws", ACCOUNT, names, ["eu-west-1"]))
    names[-1] += "x" * (target - base)
    return names


def test_trust_policy_size_limit_both_sides() -> None:
    at_limit = _names_for_size(2048)
    assert policies.policy_size(gates.checked_trust_policy("aws", ACCOUNT, at_limit, ["eu-west-1"])) == 2048
    over = [*at_limit[:-1], at_limit[-1] + "x"]
    message = rejects("cluster_names", gates.checked_trust_policy, "aws", ACCOUNT, over, ["eu-west-1"])
    assert "2049 characters" in message
    assert "2048" in message


def test_trust_policy_gate_checks_every_resolved_value() -> None:
    rejects("cluster_names", gates.checked_trust_policy, "aws", ACCOUNT, ["-bad"], ["eu-west-1"])
    rejects("cluster_regions", gates.checked_trust_policy, "aws", ACCOUNT, ["a"], ["cn-north-1"])
    rejects("account_id", gates.checked_trust_policy, "aws", "123", ["a"], ["eu-west-1"])


def test_known_size_check_never_rejects_what_could_fit() -> None:
    at_limit = _names_for_size(2048)
    # Unknown region and account take their shortest form, so a list that fits is never rejected early...
    gates.check_known_trust_policy_size(at_limit, None, UNKNOWN)
    gates.check_known_trust_policy_size([*at_limit[:-1], UNKNOWN], ["eu-west-1"], ACCOUNT)
    # ...while one that cannot fit in any partition is.
    too_many = [f"cluster-{i:03d}" for i in range(60)]
    assert "over IAM's quota" in rejects("cluster_names", gates.check_known_trust_policy_size, too_many, None, UNKNOWN)


# The construction-time gate.
def test_merged_tags_let_the_caller_override_defaults() -> None:
    assert gates.checked_tags({"a": "1", "b": "2"}, {"b": "3"}) == {"a": "1", "b": "3"}
    assert "must be a map" in rejects("tags", gates.checked_tags, {"a": "1"}, ["b"])


def test_known_args_gate() -> None:
    gates.check_known_args("per", {"cluster_names": ["a"]}, {})
    gates.check_known_args("per", {"cluster_names": UNKNOWN, "role_name": UNKNOWN, "tags": UNKNOWN}, {})
    rejects("cluster_names", gates.check_known_args, "per", {}, {})
    assert "not an argument" in rejects("cluster_name", gates.check_known_args, "per", {"cluster_name": ["a"]}, {})
    rejects(
        "cloudwatch_logging",
        gates.check_known_args,
        "per",
        {"cluster_names": ["a"], "cloudwatch_logging": "yes"},
        {},
    )
    rejects(
        "additional_policy_arns",
        gates.check_known_args,
        "per",
        {"cluster_names": ["a"], "additional_policy_arns": UNKNOWN},
        {},
    )
    # The partition named regions imply is checked against ARNs before anything exists.
    rejects(
        "permissions_boundary_arn",
        gates.check_known_args,
        "per",
        {
            "cluster_names": ["a"],
            "cluster_regions": ["cn-north-1"],
            "permissions_boundary_arn": "arn:aws:iam::aws:policy/B",
        },
        {},
    )
    # Defaults count toward the tag limit.
    user_tags = {f"k{i}": "v" for i in range(48)}
    gates.check_known_args("per", {"cluster_names": ["a"], "tags": user_tags}, {"d1": "x", "d2": "y"})
    rejects(
        "tags",
        gates.check_known_args,
        "per",
        {"cluster_names": ["a"], "tags": user_tags},
        {"d1": "x", "d2": "y", "d3": "z"},
    )
