"""The operations of ``openapi.yaml`` as a fuzzer needs them: each one's body fields and
parameters, and a valid body to put one hostile value into (so that the value reaches the work,
not just the first check). Used by tests/spec_requests.py and bench/hostile_bench.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "openapi.yaml").read_text(encoding="utf-8")
)
ZH = "乌克兰总统周二会见了欧洲领导人。双方讨论了能源合作。"

#: a valid value by field name, where the schema's own enum/default/example would not be
#: (a language the model has, a text worth translating)
VALID: dict[str, Any] = {
    "text": ZH,
    "q": ZH,
    "title": "乌克兰总统会见欧洲领导人",
    "source": "zh",
    "target": "en",
    "targets": ["en"],
    "source_lang": "ZH",
    "target_lang": "EN-GB",
    "language": "zh",
    "filename": "nothing-here.txt",
    "file": ZH,
}


def resolve(node: Any) -> Any:
    """``node`` with its ``$ref`` (if any) followed."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def properties(schema: Any) -> tuple[dict[str, Any], list[str]]:
    """A request schema's properties and required names, through $ref and allOf."""
    schema = resolve(schema)
    props = dict(schema.get("properties", {}))
    required = list(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, needed = properties(part)
        props.update(more)
        required += needed
    return props, required


def valid_value(name: str, schema: Any) -> Any:
    """A value the field takes: ``VALID``'s, else the schema's default, example or first enum."""
    if name in VALID:
        return VALID[name]
    schema = resolve(schema)
    for key in ("default", "example"):
        if key in schema:
            return schema[key]
    if "enum" in schema:
        return schema["enum"][0]
    return {"integer": 1, "number": 0.5, "boolean": False, "array": []}.get(schema.get("type"), "x")


@dataclass
class Operation:
    """One method of one path of the spec."""

    method: str
    path: str
    media: list[str]
    fields: dict[str, Any]  # name -> schema (body properties)
    required: list[str]
    parameters: dict[str, str]  # name -> "query" | "path"

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    def valid_body(self) -> dict[str, Any]:
        """The required fields, and those of ``VALID`` the operation has (one target field:
        ``target`` or ``targets``, never both), so that a hostile value reaches the work."""
        names = [n for n in self.fields if n in self.required or n in VALID]
        if "target" in names and "targets" in names:
            names.remove("targets")
        return {n: valid_value(n, self.fields[n]) for n in names}

    def url(self, values: dict[str, str] | None = None) -> str:
        """The path with its parameters filled in (``values``, else valid ones), escaped."""
        path = self.path
        for name, where in self.parameters.items():
            if where == "path":
                value = (values or {}).get(name, VALID.get(name, "x"))
                path = path.replace(
                    "{" + name + "}",
                    quote(value.replace("/", "_"), safe="", errors="surrogatepass") or "_",
                )
        return path


def operations() -> list[Operation]:
    """Every operation of the spec, in its order."""
    found = []
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            fields: dict[str, Any] = {}
            required: list[str] = []
            for media in content.values():
                props, needed = properties(media["schema"])
                fields.update(props)
                required = required or needed
            parameters = {
                resolve(p)["name"]: resolve(p)["in"] for p in operation.get("parameters", [])
            }
            found.append(
                Operation(method.upper(), path, list(content), fields, required, parameters)
            )
    return found
