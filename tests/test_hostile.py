"""Every class of bad input fails with its config key named, before anything is registered."""

import pytest

from components.stack_config import NAMESPACE
from tests.harness import MockRuntime
from verify.cases import HOSTILE_CASES, HostileCase, hostile_base
from verify.proofs import run_hostile


def test_the_catalogue_is_broad() -> None:
    assert len(HOSTILE_CASES) >= 25
    assert len({case.name for case in HOSTILE_CASES}) == len(HOSTILE_CASES)
    # Bad input for nearly every key, not one key many times over.
    assert len({case.key for case in HOSTILE_CASES}) >= 12


def test_the_base_config_is_valid() -> None:
    with MockRuntime() as runtime:
        assert runtime.run_program(hostile_base())["podExecutionRoleArn"]


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=lambda case: case.name)
def test_hostile_config(case: HostileCase) -> None:
    run = run_hostile(case)
    assert run.message is not None, "accepted"
    assert run.message.startswith(f"invalid stack configuration: {NAMESPACE}:{case.key}: "), run.message
    for fragment in case.fragments:
        assert fragment in run.message
    assert (run.registered, run.invoked) == (0, 0)
