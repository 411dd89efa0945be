from collections.abc import Iterator

import pytest

from tests.harness import MockRuntime


@pytest.fixture
def runtime() -> Iterator[MockRuntime]:
    """A fresh mock runtime and event loop per test, reset afterwards, so test order cannot matter."""
    with MockRuntime() as mock_runtime:
        yield mock_runtime


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--reverse", action="store_true", help="run the tests last to first (order-independence check)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--reverse"):
        items.reverse()
