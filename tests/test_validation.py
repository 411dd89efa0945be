"""Every input rule, on both sides of its limit."""

import unicodedata
from typing import Any

import pytest

from components import validation
from components.validation import UNKNOWN, InputError
from tests.input_errors import rejects

ACCOUNT = "111122223333"


# Cluster names: 1-100, ^[0-9A-Za-z][A-Za-z0-9_-]*$, "*" alone.
def test_cluster_name_length_limit() -> None:
    assert validation.check_cluster_names(["a" * 100]) == ["a" * 100]
    assert "101 characters" in rejects("cluster_names", validation.check_cluster_names, ["a" * 101])


@pytest.mark.parametrize("name", ["prod", "0prod", "Prod_2-b", "*"])
def test_valid_cluster_names(name: str) -> None:
    assert validation.check_cluster_names([name]) == [name]


@pytest.mark.parametrize("name", ["", "-prod", "_prod", "prod.eu", "prod cluster", "prödu", "prod/*"])
def test_invalid_cluster_names(name: str) -> None:
    assert repr(name) in rejects("cluster_names", validation.check_cluster_names, [name])


@pytest.mark.parametrize(
    ("names", "fragment"),
    [
        ([], "at least one"),
        (["*", "prod"], "must stand alone"),
        (["prod", "prod"], "more than once"),
        ("prod", "must be a list"),
        ([1], "must be a string"),
    ],
)
def test_cluster_name_list_rules(names: Any, fragment: str) -> None:
    assert fragment in rejects("cluster_names", validation.check_cluster_names, names)


def test_unknown_cluster_names_are_checked_later_but_counted_now() -> None:
    assert validation.check_cluster_names([UNKNOWN, "prod"]) == [UNKNOWN, "prod"]
    assert "stand alone" in rejects("cluster_names", validation.check_cluster_names, ["*", UNKNOWN])


# Regions.
@pytest.mark.parametrize("regions", [["eu-west-1"], ["cn-north-1", "cn-northwest-1"], ["us-gov-west-1"], ["*"]])
def test_valid_regions(regions: list[str]) -> None:
    assert validation.check_cluster_regions(regions) == regions


@pytest.mark.parametrize(
    ("regions", "fragment"),
    [
        (["eu-west"], "not an AWS region"),
        (["EU-WEST-1"], "not an AWS region"),
        (["eu-west-1", "cn-north-1"], "span partitions"),
        (["*", "eu-west-1"], "stand alone"),
        ([], "at least one"),
        ("eu-west-1", "must be a list"),
    ],
)
def test_invalid_regions(regions: Any, fragment: str) -> None:
    assert fragment in rejects("cluster_regions", validation.check_cluster_regions, regions)


@pytest.mark.parametrize(
    ("region", "partition"),
    [("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-east-1", "aws-us-gov"), ("us-iso-east-1", "aws-iso")],
)
def test_region_partition(region: str, partition: str) -> None:
    assert validation.region_partition(region) == partition


def test_region_outside_the_provider_partition_is_rejected() -> None:
    validation.check_regions_in_partition(["cn-north-1", "*"], "aws-cn")
    assert "'aws-cn'" in rejects("cluster_regions", validation.check_regions_in_partition, ["cn-north-1"], "aws")


# Account.
def test_account_id() -> None:
    assert validation.check_account_id(ACCOUNT) == ACCOUNT
    assert "quote it" in rejects("account_id", validation.check_account_id, "11112222333")
    assert "12-digit" in rejects("account_id", validation.check_account_id, "1111222233334")
    assert "12-digit" in rejects("account_id", validation.check_account_id, "11112222333a")
    assert "must be a string" in rejects("account_id", validation.check_account_id, 111122223333)


# Role name: 1-64 of [\w+=,.@-] ASCII; an auto-named role must leave room for Pulumi's suffix.
def test_role_name_limits() -> None:
    assert validation.check_role_name("r" * 64) == "r" * 64
    assert validation.check_role_name("a+=,.@_-1") == "a+=,.@_-1"
    assert "got 65" in rejects("role_name", validation.check_role_name, "r" * 65)
    assert "got 0" in rejects("role_name", validation.check_role_name, "")
    for bad in ("has space", "rôle", "a/b", "a:b"):
        assert "ASCII" in rejects("role_name", validation.check_role_name, bad)


def test_autonamed_resource_name_limits() -> None:
    validation.check_autonamed_resource_name("n" * 56)
    assert "at most 56" in rejects("name", validation.check_autonamed_resource_name, "n" * 57)
    assert "set role_name" in rejects("name", validation.check_autonamed_resource_name, "my role")


# Description: at most 1000 characters of tab, newline, carriage return, printable ASCII and Latin-1.
def test_description_limits() -> None:
    assert validation.check_description("d" * 1000)
    assert validation.check_description("Rôle für Fargate\n\tüber alles")
    assert "1001" in rejects("description", validation.check_description, "d" * 1001)
    assert "'€'" in rejects("description", validation.check_description, "costs 5€")
    assert "'\\x07'" in rejects("description", validation.check_description, "bell\x07")


# Tags (after merging with the defaults).
def test_tag_count_limit() -> None:
    fifty = {f"k{i}": "v" for i in range(50)}
    assert validation.check_tags(fifty) == fifty
    assert "51 tags" in rejects("tags", validation.check_tags, {**fifty, "one-more": "v"})


def test_tag_key_and_value_limits() -> None:
    assert validation.check_tags({"k" * 128: "v" * 256, "empty": ""})
    assert "129" in rejects("tags", validation.check_tags, {"k" * 129: "v"})
    assert "257" in rejects("tags", validation.check_tags, {"k": "v" * 257})
    assert "1-128" in rejects("tags", validation.check_tags, {"": "v"})


@pytest.mark.parametrize("key", ["aws:owner", "AWS:owner", "Aws:x"])
def test_aws_tag_prefix_is_reserved(key: str) -> None:
    assert "reserved" in rejects("tags", validation.check_tags, {key: "v"})


def test_tag_characters() -> None:
    assert validation.check_tags({"Équipe / coût": "plateforme = 4410 @ été_2026.+-:"})
    assert "'#'" in rejects("tags", validation.check_tags, {"team#1": "v"})
    assert "'!'" in rejects("tags", validation.check_tags, {"team": "v!"})
    assert "must be strings" in rejects("tags", validation.check_tags, {"team": 1})
    assert "must be a map" in rejects("tags", validation.check_tags, ["team"])


def test_ascii_tag_characters_agree_with_the_unicode_rule() -> None:
    # ASCII text takes a fast path; it must accept exactly what the Unicode-category rule accepts.
    def accepted(char: str) -> bool:
        try:
            validation.check_tags({f"k{char}": f"v{char}"})
        except InputError:
            return False
        return True

    ascii_chars = [chr(code) for code in range(128)]
    rule = {char: char in validation.TAG_PUNCTUATION or unicodedata.category(char)[0] in "LZN" for char in ascii_chars}
    assert [char for char in ascii_chars if accepted(char) != rule[char]] == []
    assert sum(rule.values()) == 26 * 2 + 10 + 1 + len(validation.TAG_PUNCTUATION)  # letters, digits, space


# Policy ARNs.
@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws-cn:iam::111122223333:policy/team/a/Boundary_1",
        "arn:aws-us-gov:iam::aws:policy/service-role/AWSXrayWriteOnlyAccess",
    ],
)
def test_valid_policy_arns(arn: str) -> None:
    assert validation.check_policy_arn("permissions_boundary_arn", arn, None) == arn


@pytest.mark.parametrize(
    "arn",
    [
        "ReadOnlyAccess",
        "arn:aws:iam::aws:role/ReadOnlyAccess",
        "arn:aws:iam::12345:policy/x",
        "arn:aws:iam:us-east-1:aws:policy/x",
        "arn:aws:iam::aws:policy/",
        "arn:aws:iam::aws:policy/" + "p" * 129,
        "arn:aws:iam::aws:policy/has space",
    ],
)
def test_malformed_policy_arns(arn: str) -> None:
    assert "not an IAM policy ARN" in rejects(
        "permissions_boundary_arn", validation.check_policy_arn, "permissions_boundary_arn", arn, None
    )


def test_policy_arn_must_be_in_the_role_partition() -> None:
    arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert validation.check_policy_arn("permissions_boundary_arn", arn, "aws") == arn
    assert "'aws-cn'" in rejects(
        "permissions_boundary_arn", validation.check_policy_arn, "permissions_boundary_arn", arn, "aws-cn"
    )


def test_additional_policy_limits() -> None:
    nine = [f"arn:aws:iam::aws:policy/P{i}" for i in range(9)]
    assert validation.check_additional_policy_arns(nine, "aws") == nine
    assert "exceed" in rejects(
        "additional_policy_arns", validation.check_additional_policy_arns, [*nine, "arn:aws:iam::aws:policy/P9"], None
    )


@pytest.mark.parametrize(
    ("arns", "fragment"),
    [
        (["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/A"], "more than once"),
        (["arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"], "always attached"),
        (["arn:aws:iam::aws:policy/A", "arn:aws-cn:iam::aws:policy/B"], "span partitions"),
        ([UNKNOWN], "must be known"),
        ("arn:aws:iam::aws:policy/A", "must be a list"),
    ],
)
def test_additional_policy_rules(arns: Any, fragment: str) -> None:
    assert fragment in rejects("additional_policy_arns", validation.check_additional_policy_arns, arns, None)


# CloudWatch log group prefix.
def test_log_group_prefix() -> None:
    assert validation.check_log_group_prefix("/aws/eks/dev#1_a.b-", True)
    assert validation.check_log_group_prefix("p" * 511, True)
    rejects("cloudwatch_log_group_prefix", validation.check_log_group_prefix, "p" * 512, True)
    rejects("cloudwatch_log_group_prefix", validation.check_log_group_prefix, "dev:*", True)
    assert "set cloudwatch_logging" in rejects(
        "cloudwatch_log_group_prefix", validation.check_log_group_prefix, "/eks", False
    )


# Partitions.
def test_partition_warnings() -> None:
    assert validation.check_partition("aws") == []
    assert validation.check_partition("aws-cn") == []
    (warning,) = validation.check_partition("aws-us-gov")
    assert "not offered" in warning
    assert "not a partition" in rejects("partition", validation.check_partition, "azure")
