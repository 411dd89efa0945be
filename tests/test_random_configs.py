"""Random configs near every limit: rejected naming their key, or accepted by the emulator and validators."""

import os
from pathlib import Path

import pytest

from verify.proofs import documents_of
from verify.random_configs import Exploration, explore
from verify.validators import cfn_lint_findings, iam_validator_findings

# With the report's own random configs, more than 500 per CI run.
EXAMPLES = int(os.environ.get("RANDOM_CONFIG_EXAMPLES", "400"))


@pytest.mark.usefixtures("emulator")
def test_random_configs(services_dir: Path) -> None:
    exploration = explore(EXAMPLES, Exploration())
    assert exploration.tried == EXAMPLES
    assert exploration.problems == []
    # Both outcomes were explored, each in earnest.
    assert exploration.accepted >= EXAMPLES // 5
    assert exploration.rejected >= EXAMPLES // 10
    assert len(exploration.rejected_keys) >= (5 if EXAMPLES >= 200 else 3)
    documents = documents_of(exploration.records)
    assert iam_validator_findings(documents, services_dir) == []
    assert cfn_lint_findings(exploration.records) == []
