"""Reading the packaged data files under `sitreport/resources`."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from sitreport.errors import ResourceError


def read_resource(name: str) -> str:
    try:
        return (resources.files("sitreport") / "resources" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"missing data file resources/{name}") from exc


def load_yaml(name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(read_resource(name))
    except yaml.YAMLError as exc:
        raise ResourceError(f"resources/{name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"resources/{name} must hold a mapping")
    return data


def words(items: Any) -> frozenset[str]:
    """A YAML word list as lower-cased strings."""
    return frozenset(str(x).lower() for x in items or ())
