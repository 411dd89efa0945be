"""Stable logical names for the component's children.

A logical name that changes makes Pulumi replace the resource, so names come from what does not move:
the policy's own name, never its position in a list and never the partition (the same program must
produce the same names in `aws` and `aws-cn`).
"""

import hashlib
from collections.abc import Sequence

from components.validation import parse_policy_arn


def attachment_suffixes(policy_arns: Sequence[str]) -> list[str]:
    """One name suffix per ARN: the policy name, disambiguated only where two ARNs share it."""
    matches = [parse_policy_arn("additional_policy_arns", arn) for arn in policy_arns]
    names = [match["name"] for match in matches]
    suffixes = []
    for match in matches:
        suffix = match["name"]
        if names.count(suffix) > 1:
            # Same policy name under another account or path: add a digest of everything but the partition.
            identity = f"{match['account']}:{match['path']}{match['name']}"
            suffix = f"{suffix}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"
        suffixes.append(suffix)
    return suffixes
