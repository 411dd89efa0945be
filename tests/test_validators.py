"""Every document the program can produce, checked by validators that know IAM and CloudFormation."""

import copy
from pathlib import Path
from typing import Any

import pytest

from components import policies
from tests.harness import MockRuntime
from verify.cases import EMULATOR_MATRIX
from verify.proofs import documents_of
from verify.validators import (
    IDENTITY_POLICY,
    TRUST_POLICY,
    RoleRecord,
    cfn_lint_findings,
    iam_validator_findings,
    roles_from_mocks,
)


@pytest.fixture(scope="module")
def records() -> list[RoleRecord]:
    """The roles of the whole emulator matrix (the shipped stacks among them), from mock runs."""
    found = []
    for case in EMULATOR_MATRIX:
        with MockRuntime() as runtime:
            runtime.mocks.use_partition(case.partition)
            runtime.mocks.account_id = case.account_id
            runtime.run_program(case.config)
            found += roles_from_mocks(runtime.mocks, case.name)
    return found


def test_the_matrix_covers_trust_and_inline_documents(records: list[RoleRecord]) -> None:
    kinds = [kind for _, _, kind in documents_of(records)]
    assert kinds.count(TRUST_POLICY) >= 8
    assert kinds.count(IDENTITY_POLICY) >= 4


def test_iam_policy_validator_finds_nothing(records: list[RoleRecord], services_dir: Path) -> None:
    assert iam_validator_findings(documents_of(records), services_dir) == []


def test_cfn_lint_finds_nothing(records: list[RoleRecord]) -> None:
    assert cfn_lint_findings(records) == []


def _good(records: list[RoleRecord]) -> RoleRecord:
    return copy.deepcopy(next(r for r in records if r.inline_policies and r.permissions_boundary))


def test_iam_policy_validator_flags_a_trust_policy_without_the_source_arn_condition(services_dir: Path) -> None:
    document = policies.trust_policy("aws", "123456789012", ["prod"], ["eu-west-1"])
    del document["Statement"][0]["Condition"]
    findings = iam_validator_findings([("no condition", document, TRUST_POLICY)], services_dir)
    assert any("confused_deputy" in finding.message for finding in findings), findings


def test_iam_policy_validator_flags_what_is_wrong_in_an_inline_policy(services_dir: Path) -> None:
    def policy(action: str, resource: str) -> dict[str, Any]:
        return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [action], "Resource": resource}]}

    wildcard = policy("logs:PutLogEvents", "*")
    unknown = policy("logs:PutLogEventz", "arn:aws:logs:*:123456789012:log-group:*")
    findings = iam_validator_findings(
        [("AWS's example", wildcard, IDENTITY_POLICY), ("typo", unknown, IDENTITY_POLICY)], services_dir
    )
    assert {finding.subject for finding in findings} == {"AWS's example", "typo"}


@pytest.mark.parametrize(
    ("spoil", "rule"),
    [
        (lambda r: r.trust_policy["Statement"][0].update(Effect="Permit"), "E3530"),
        (lambda r: r.trust_policy.update(Version="2010-01-01"), "E3530"),
        (lambda r: setattr(r, "name", "r" * 65), "E3033"),
        (lambda r: setattr(r, "path", "eks"), "E3031"),
        (lambda r: setattr(r, "description", "d" * 1001), "E3033"),
        (lambda r: r.tags.update({"k" * 129: "v"}), "E3033"),
        (lambda r: setattr(r, "permissions_boundary", "boundary"), "E3033"),
        (lambda r: r.managed_policy_arns.append("arn:aws:iam::aws:role/X"), "E3031"),
        (
            lambda r: next(iter(r.inline_policies.values()))["Statement"][0].update(Action=["logs:PutLogEventz"]),
            "W3037",
        ),
        (lambda r: r.tags.update({f"t{i}": "v" for i in range(50)}), "E3032"),
    ],
)
def test_cfn_lint_catches_a_broken_role(records: list[RoleRecord], spoil: object, rule: str) -> None:
    broken = _good(records)
    spoil(broken)  # type: ignore[operator]
    findings = cfn_lint_findings([broken])
    assert any(finding.message.startswith(rule) for finding in findings), findings
