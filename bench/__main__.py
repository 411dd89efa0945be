"""What one evaluation of the program costs, and how it grows: `python -m bench [--quick]`.

Everything runs in this process on Pulumi's mock runtime, so the program and its baselines share one
interpreter, one warm import cache and the same mocks. Times cover the evaluation only (the program's
run until every output resolves); each runtime is set up and torn down outside the timed span.
"""

import argparse
import functools
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from components import FargatePodExecutionRole, InputError, gates, policies
from components.stack_config import read_stack_settings
from components.validation import TRUST_POLICY_MAX
from tests.harness import PROJECT_DIR, MockRuntime, stack_config

BASELINES = PROJECT_DIR / "bench" / "baselines"
REACHES_AWS = {"aws:index/getCallerIdentity:getCallerIdentity"}  # partition and region are answered locally
TARGET_VS_BASELINE = 1.10
TARGET_SCALING = 1.5
LABELS = {
    "dev_program": "dev",
    "default_program": "default",
    "aws_documented_baseline": "AWS-documented",
    "same_shape_baseline": "same-shape",
}
# (program, baseline, what the ratio tells): reported round by round; None means the target applies.
RATIOS: tuple[tuple[str, str, str | None], ...] = (
    ("dev_program", "aws_documented_baseline", None),
    ("default_program", "aws_documented_baseline", None),
    ("same_shape_baseline", "aws_documented_baseline", "the floor: component, invokes, logging policy, exports"),
    ("dev_program", "same_shape_baseline", "the cost of the checks and documents"),
)


def measure(evaluate: Callable[[MockRuntime], Any], repeats: int) -> tuple[list[float], MockRuntime]:
    """Wall times (seconds) of `repeats` evaluations, each on a fresh runtime; the last runtime for counts.

    As `timeit` does, the garbage collector is off while an evaluation is timed: a collection would land on
    whichever evaluation happened to be running. It collects between evaluations instead.
    """
    times = []
    for _ in range(repeats):
        gc.collect()
        with MockRuntime(stack="dev") as runtime:
            gc.disable()
            try:
                start = time.perf_counter()
                evaluate(runtime)
                times.append(time.perf_counter() - start)
            finally:
                gc.enable()
    return times, runtime


def summary(values: list[float], scale: float = 1000, unit: str = "_ms") -> dict[str, float]:
    """Median, min and max, scaled (seconds to milliseconds by default) and keyed with the unit."""
    spread = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return {f"{key}{unit}": round(value * scale, 3) for key, value in spread.items()}


def ratio_summary(numerators: list[float], denominators: list[float]) -> dict[str, float]:
    """The ratio of each interleaved round's two times: its median, min and max."""
    return summary([a / b for a, b in zip(numerators, denominators, strict=True)], scale=1, unit="")


def counts(runtime: MockRuntime) -> dict[str, int]:
    resources = runtime.mocks.resources
    return {
        "aws_resources": sum(1 for r in resources if r.typ.startswith("aws:")),
        "components": sum(1 for r in resources if not r.typ.startswith("aws:")),
        "invokes": len(runtime.mocks.calls),
        "invokes_reaching_aws": sum(1 for token in runtime.mocks.tokens() if token in REACHES_AWS),
    }


def component_of_size(clusters: int, regions: int) -> Callable[[MockRuntime], Any]:
    args: Any = {
        "cluster_names": [f"cluster-{i:03d}" for i in range(clusters)],
        "cluster_regions": ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"][:regions],
        "account_id": "123456789012",
    }
    return lambda runtime: runtime.run(lambda: FargatePodExecutionRole("pod-execution-role", args).role_arn)


def rejects(evaluate: Callable[[MockRuntime], Any], runtime: MockRuntime) -> bool:
    try:
        evaluate(runtime)
    except InputError:
        return True
    return False


def own_work_us(config: dict[str, str], repeats: int) -> float:
    """Median microseconds of the project's own work for one evaluation of this config, without Pulumi:
    reading and checking the settings, then building and checking both documents."""
    tags = {"pulumi:project": "p", "pulumi:stack": "s", "pulumi:component": "FargatePodExecutionRole"}
    region = config["aws:region"]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        args: Any = read_stack_settings(config, region, tags).args
        gates.check_known_args("pod-execution-role", args, tags)  # the component checks again, for direct users
        trust = gates.checked_trust_policy("aws", "123456789012", args["cluster_names"], args["cluster_regions"])
        logging = policies.cloudwatch_logging_policy("aws", "123456789012", args.get("cloudwatch_log_group_prefix"))
        policies.to_json(trust), policies.to_json(logging)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1e6, 1)


def run(repeats: int, sizes: list[int], suite: bool) -> dict[str, Any]:
    dev = stack_config("dev")
    default = {"fargate-pod-execution-role:clusterNames": '["dev-platform"]', "aws:region": "eu-west-1"}
    with_account = {**default, "fargate-pod-execution-role:accountId": "123456789012"}
    # Warm imports and caches once, so the first measured run pays nothing the others do not.
    programs: dict[str, Callable[[MockRuntime], Any]] = {
        "dev_program": lambda r: r.run_program(dev),
        "default_program": lambda r: r.run_program(default),
        "aws_documented_baseline": lambda r: r.run_program({}, BASELINES / "aws_documented.py"),
        "same_shape_baseline": lambda r: r.run_program({}, BASELINES / "same_shape.py"),
    }
    for evaluate in programs.values():
        measure(evaluate, 3)

    results: dict[str, Any] = {"repeats": repeats}
    # Interleave the programs so drift in machine load hits each alike.
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(repeats):
        for name, evaluate in programs.items():
            times[name] += measure(evaluate, 1)[0]
    for name in programs:
        results[name] = summary(times[name])
    for numerator, denominator, _ in RATIOS:
        results[f"ratio_{numerator}_vs_{denominator}"] = ratio_summary(times[numerator], times[denominator])

    results["own_work_us"] = {"dev": own_work_us(dev, repeats * 10), "default": own_work_us(default, repeats * 10)}

    results["counts"] = {
        "dev": counts(measure(programs["dev_program"], 1)[1]),
        "default": counts(measure(programs["default_program"], 1)[1]),
        "default_with_accountId": counts(measure(lambda r: r.run_program(with_account), 1)[1]),
        "aws_documented_baseline": counts(measure(programs["aws_documented_baseline"], 1)[1]),
    }

    scaling = []
    for clusters in sizes:
        for regions in (1, 5):
            evaluate = component_of_size(clusters, regions)
            with MockRuntime() as probe:
                rejected = rejects(evaluate, probe)
            # An oversized trust policy is rejected before anything is registered: time the rejection.
            timed = functools.partial(rejects, evaluate) if rejected else evaluate
            size_times, _ = measure(timed, repeats)
            scaling.append({"clusters": clusters, "regions": regions, "rejected": rejected, **summary(size_times)})
    single = next(row for row in scaling if row["clusters"] == 1 and row["regions"] == 1)
    largest_valid = max((row for row in scaling if not row["rejected"]), key=lambda r: r["clusters"] * r["regions"])
    for row in scaling:
        row["ratio_vs_single"] = round(row["median_ms"] / single["median_ms"], 3)
    results["scaling"] = scaling
    results["largest_valid"] = {k: largest_valid[k] for k in ("clusters", "regions", "ratio_vs_single")}
    results["trust_policy_quota"] = TRUST_POLICY_MAX

    if suite:
        start = time.perf_counter()
        suite_run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if suite_run.returncode != 0:
            raise SystemExit(f"the test suite failed:\n{suite_run.stdout[-3000:]}")
        results["test_suite_s"] = round(time.perf_counter() - start, 2)
    return results


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


def print_table(results: dict[str, Any]) -> None:
    print(f"evaluation wall time, {results['repeats']} runs each (ms: median / min / max)")
    for name in ("dev_program", "default_program", "aws_documented_baseline", "same_shape_baseline"):
        s = results[name]
        print(f"  {name:<26} {s['median_ms']:>8.2f} {s['min_ms']:>8.2f} {s['max_ms']:>8.2f}")
    print("ratios, round by round (median / min / max)")
    for numerator, denominator, meaning in RATIOS:
        ratio = results[f"ratio_{numerator}_vs_{denominator}"]
        tells = meaning or f"target <= {TARGET_VS_BASELINE}: {verdict(ratio['median'], TARGET_VS_BASELINE)}"
        label = f"{LABELS[numerator]} / {LABELS[denominator]}"
        print(f"  {label:<30}{ratio['median']:>6.2f}{ratio['min']:>6.2f}{ratio['max']:>6.2f}  {tells}")
    own = results["own_work_us"]
    print(f"  the checks and documents alone, per evaluation: dev {own['dev']:.0f} us, default {own['default']:.0f} us")
    print("counts per evaluation (AWS resources, components, invokes, invokes reaching AWS)")
    for name, c in results["counts"].items():
        numbers = (c["aws_resources"], c["components"], c["invokes"], c["invokes_reaching_aws"])
        print(f"  {name:<26}" + "".join(f"{n:>4}" for n in numbers))
    print("scaling (clusters x regions: median ms, x single cluster)")
    for row in results["scaling"]:
        state = "rejected" if row["rejected"] else "valid"
        size = f"{row['clusters']:>4} x {row['regions']}"
        print(f"  {size}  {row['median_ms']:>8.2f}  {row['ratio_vs_single']:>5.2f}x  {state}")
    largest = results["largest_valid"]
    print(
        f"  largest valid size {largest['clusters']} x {largest['regions']}: {largest['ratio_vs_single']:.2f}x "
        f"(target <= {TARGET_SCALING}: {verdict(largest['ratio_vs_single'], TARGET_SCALING)})"
    )
    if "test_suite_s" in results:
        print(f"test suite wall time: {results['test_suite_s']:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that the benchmark runs")
    parser.add_argument("--json", type=Path, default=PROJECT_DIR / "bench" / "results" / "latest.json")
    options = parser.parse_args()
    if options.quick:
        results = run(repeats=3, sizes=[1, 10], suite=False)
    else:  # many short runs: a 2-CPU machine's scheduling noise needs them for a stable median
        results = run(repeats=201, sizes=[1, 10, 100], suite=True)
    print_table(results)
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {options.json}")


if __name__ == "__main__":
    main()
