"""The pack's rules as plain functions: resource properties in, violation messages out.

A role is a Fargate pod execution role when a statement of its trust policy lets
`eks-fargate-pods.amazonaws.com` assume it; every other role is left alone.
"""

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FARGATE_PRINCIPAL = "eks-fargate-pods.amazonaws.com"
MANAGED_POLICY = re.compile(r"arn:aws[a-z-]*:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy")
# A Fargate profile of named or wildcard clusters, in one explicit account.
SOURCE_ARN = re.compile(r"arn:aws[a-z-]*:eks:[a-z0-9*-]+:\d{12}:fargateprofile/[A-Za-z0-9_*-]+/\*")
ASSUME_ACTIONS = {"sts:assumerole", "sts:*", "*"}


def _as_list(value: Any) -> list[Any]:
    """IAM's "one value or a list of them", as a list (whatever sequence type the analyzer hands over)."""
    if value is None:
        return []
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def trust_policy(props: Mapping[str, Any]) -> dict[str, Any]:
    document = props.get("assumeRolePolicy") or "{}"
    parsed: dict[str, Any] = json.loads(document) if isinstance(document, str) else dict(document)
    return parsed


def _fargate_statements(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        statement
        for statement in _as_list(document.get("Statement"))
        if statement.get("Effect") == "Allow"
        and FARGATE_PRINCIPAL in _as_list((statement.get("Principal") or {}).get("Service"))
    ]


def is_fargate_role(props: Mapping[str, Any]) -> bool:
    return bool(_fargate_statements(trust_policy(props)))


def trust_violations(props: Mapping[str, Any]) -> list[str]:
    """The trust policy must admit only Fargate, only through `ArnLike aws:SourceArn` on Fargate profiles."""
    document = trust_policy(props)
    violations = []
    for statement in _as_list(document.get("Statement")):
        principal = statement.get("Principal")
        if statement.get("Effect") == "Allow" and (principal == "*" or "*" in _as_list((principal or {}).get("AWS"))):
            violations.append("a statement trusts every principal ('*')")
    for statement in _fargate_statements(document):
        if statement["Principal"] != {"Service": FARGATE_PRINCIPAL}:
            violations.append(f"the Fargate statement trusts other principals too: {statement['Principal']}")
        if not {a.lower() for a in _as_list(statement.get("Action"))} & ASSUME_ACTIONS:
            violations.append("the Fargate statement does not allow sts:AssumeRole")
        arns = _as_list(((statement.get("Condition") or {}).get("ArnLike") or {}).get("aws:SourceArn"))
        if not arns:
            violations.append(
                "the Fargate statement has no ArnLike aws:SourceArn condition (the confused-deputy guard AWS documents)"
            )
        for arn in arns:
            if not isinstance(arn, str) or not SOURCE_ARN.fullmatch(arn):
                violations.append(f"aws:SourceArn {arn!r} is not a Fargate profile ARN of one account")
    return violations


def path_violations(props: Mapping[str, Any]) -> list[str]:
    path = props.get("path") or "/"
    return [] if path == "/" else [f"path {path!r}: a Fargate profile rejects a pod execution role not at '/'"]


def boundary_violations(props: Mapping[str, Any], required: bool, allowed: Sequence[str]) -> list[str]:
    boundary = props.get("permissionsBoundary")
    if required and not boundary:
        return ["no permissions boundary, which this organization requires"]
    if boundary and allowed and boundary not in allowed:
        return [f"permissions boundary {boundary!r} is not one of {list(allowed)}"]
    return []


def missing_managed_policy(resources: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Fargate roles of a stack with no AmazonEKSFargatePodExecutionRolePolicy attached, by role name.

    `resources` are (type, properties) pairs: roles, and attachments naming their role.
    """
    resources = list(resources)
    attached = {
        props.get("role")
        for typ, props in resources
        if typ == "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
        and MANAGED_POLICY.fullmatch(str(props.get("policyArn", "")))
    }
    missing = []
    for typ, props in resources:
        if typ != "aws:iam/role:Role" or not is_fargate_role(props):
            continue
        on_role = any(MANAGED_POLICY.fullmatch(str(arn)) for arn in _as_list(props.get("managedPolicyArns")))
        if props.get("name") not in attached and not on_role:
            missing.append(str(props.get("name")))
    return missing
