"""Provider entry point: serves `FargatePodExecutionRole` to TypeScript, Go, C#, Java and YAML programs.

Pulumi infers the package schema from the component's type annotations and docstrings.
"""

import sys
from pathlib import Path

from pulumi.provider.experimental import component_provider_host

# The component lives in the repository's `components` package, one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.pod_execution_role import PACKAGE_NAME, FargatePodExecutionRole

VERSION = "0.1.0"

if __name__ == "__main__":
    component_provider_host(name=PACKAGE_NAME, components=[FargatePodExecutionRole], version=VERSION)
