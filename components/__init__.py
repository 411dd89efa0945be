"""The EKS Fargate pod execution role: IAM documents, input rules and the Pulumi component."""

from components.pod_execution_role import (
    TYPE_TOKEN,
    FargatePodExecutionRole,
    FargatePodExecutionRoleArgs,
)
from components.validation import InputError

__all__ = ["TYPE_TOKEN", "FargatePodExecutionRole", "FargatePodExecutionRoleArgs", "InputError"]
