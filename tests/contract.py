"""Checks requests and responses against ``openapi.yaml``, so that spec and code cannot drift.

The spec's schemas are JSON Schema 2020-12 (OpenAPI 3.1), validated with ``jsonschema``; a
JSON body (a problem or LibreTranslate's ``{"error": ...}`` alike) is checked against the schema
of its status and content type. A response to a path the spec does not list must be a 404/405
problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
_BASE = "urn:precis:openapi"
PROBLEM_TYPE = "application/problem+json"
#: paths of the DeepL-compatible routes, whose errors are DeepL's, not problems
DEEPL_PREFIX = "/v2/"


class Contract:
    def __init__(self, spec_path: Path = SPEC_PATH) -> None:
        self.spec: dict[str, Any] = yaml.safe_load(spec_path.read_text())
        resource = Resource.from_contents(self.spec, default_specification=DRAFT202012)
        self._registry: Registry = Registry().with_resource(_BASE, resource)

    def operations(self) -> set[tuple[str, str]]:
        return {
            (method.upper(), path) for path, item in self.spec["paths"].items() for method in item
        }

    def check_request(self, method: str, path: str, body: Any) -> None:
        operation = self.spec["paths"][path][method.lower()]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        self._validate(schema, body)

    def check_response(
        self, method: str, path: str, status: int, content_type: str, body: Any
    ) -> None:
        """Raise AssertionError (or jsonschema's ValidationError) if the response is not one
        the spec describes for this operation."""
        operation = self.spec["paths"].get(self.spec_path(path), {}).get(method.lower())
        if operation is None:
            assert status in (404, 405), f"{method} {path} is not in the spec but gave {status}"
            if path.startswith(DEEPL_PREFIX):
                assert content_type == "application/json"
                self._validate({"$ref": "#/components/schemas/DeepLError"}, body)
                return
            assert content_type == PROBLEM_TYPE
            self._validate({"$ref": "#/components/schemas/Problem"}, body)
            return
        assert str(status) in operation["responses"], (
            f"{method} {path} answered {status}, which the spec does not list"
        )
        described = self._resolve(operation["responses"][str(status)])
        assert content_type in described["content"], (
            f"{method} {path} {status}: {content_type} not in {list(described['content'])}"
        )
        schema = described["content"][content_type]["schema"]
        if content_type.endswith("json"):
            self._validate(schema, body)
        if content_type == PROBLEM_TYPE:
            assert body["status"] == status

    def spec_path(self, path: str) -> str:
        """The spec's path (template) a request's path falls under, e.g. ``/download_file/x`` ->
        ``/download_file/{filename}``; the path itself when none does."""
        if path in self.spec["paths"]:
            return path
        for template in self.spec["paths"]:
            pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
            if "{" in template and re.fullmatch(pattern, path):
                return template
        return path

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def _validate(self, schema: dict[str, Any], instance: Any) -> None:
        wrapped = {"$schema": "https://json-schema.org/draft/2020-12/schema", **_rebase(schema)}
        Draft202012Validator(wrapped, registry=self._registry).validate(instance)


def _rebase(schema: Any) -> Any:
    """Point local ``#/...`` references at the registered spec document."""
    if isinstance(schema, dict):
        return {
            k: (_BASE + v if k == "$ref" and v.startswith("#") else _rebase(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(v) for v in schema]
    return schema
