"""Reading the packaged data files under `sitreport/resources`."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from sitreport.errors import ResourceError
from sitreport.fastyaml import safe_load


def read_resource(name: str) -> str:
    try:
        return (resources.files("sitreport") / "resources" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"missing data file resources/{name}") from exc


def load_yaml(name: str) -> dict[str, Any]:
    try:
        data = safe_load(read_resource(name))
    except yaml.YAMLError as exc:
        raise ResourceError(f"resources/{name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"resources/{name} must hold a mapping")
    return data


def words(items: Any) -> frozenset[str]:
    """A YAML word list as lower-cased strings.

    YAML reads a bare yes, no, on or off as a boolean; a word list holding one is refused,
    so a forgotten quote cannot turn the word "off" into "false".
    """
    out = []
    for x in items or ():
        if isinstance(x, bool):
            raise ResourceError(f"a word list holds the boolean {x}: quote yes/no/on/off in the data file")
        out.append(str(x).lower())
    return frozenset(out)
