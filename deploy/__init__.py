"""Drive the pod execution role program with the Pulumi Automation API: `python -m deploy --help`.

from deploy import Operation, RunOptions, run
results = run(Operation.UP, ["dev"], RunOptions())
results[0].role_arn
"""

from deploy.runner import Operation, RunOptions, StackResult, run

__all__ = ["Operation", "RunOptions", "StackResult", "run"]
