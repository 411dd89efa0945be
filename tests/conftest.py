from collections.abc import Iterator

import pytest

from tests.harness import MockRuntime


@pytest.fixture
def runtime() -> Iterator[MockRuntime]:
    """A fresh mock runtime and event loop per test, reset afterwards, so test order cannot matter."""
    with MockRuntime() as mock_runtime:
        yield mock_runtime
