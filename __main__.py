"""Creates this stack's EKS Fargate pod execution role and exports its ARN for cluster stacks."""

import pulumi

from components import FargatePodExecutionRole, InputError
from components.pod_execution_role import default_tags
from components.stack_config import RESOURCE_NAME, read_stack_settings


def _all_config() -> dict[str, str]:
    # The language host passes config through the environment or set_all_config; read both.
    return {**pulumi.runtime.get_config_env(), **pulumi.runtime.config.CONFIG.get()}


try:
    settings = read_stack_settings(
        _all_config(), aws_region=pulumi.Config("aws").get("region"), default_tags=default_tags()
    )
except InputError as error:
    raise pulumi.RunError(f"invalid stack configuration: {error}") from None

role = FargatePodExecutionRole(RESOURCE_NAME, settings.args, pulumi.ResourceOptions(protect=settings.protect))

# The contract cluster stacks read through a StackReference: keep these names stable.
pulumi.export("podExecutionRoleArn", role.role_arn)
pulumi.export("podExecutionRoleName", role.role_name)
pulumi.export("trustedSourceArns", role.source_arns)
pulumi.export("attachedPolicyArns", role.policy_arns)
