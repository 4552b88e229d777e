"""API documentation that works offline: ``/docs`` renders the OpenAPI schema as plain HTML.

FastAPI's own Swagger UI and ReDoc pages load their JavaScript from a CDN, so they are switched
off; ``/openapi.json`` stays the machine-readable description.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from visualisations.rendering import environment


def add_docs_route(app: FastAPI) -> None:
    schema_of = app.openapi

    def openapi() -> dict[str, Any]:
        schema = schema_of()
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes["bearer"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "The upload token set in SGRAPH_API_TOKEN on the server.",
        }
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        """Every endpoint with its parameters, responses and examples, from /openapi.json."""
        schema = app.openapi()
        return HTMLResponse(
            environment().get_template("docs.html").render(api=schema, operations=_operations(schema))
        )


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            examples = []
            for status, response in operation.get("responses", {}).items():
                for media, content in (response.get("content") or {}).items():
                    if "example" in content:
                        examples.append((status, media, json.dumps(content["example"], indent=2)))
            found.append(
                {
                    "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "tag": (operation.get("tags") or ["other"])[0],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                            "type": _type_of(p.get("schema", {})),
                            "examples": [
                                str(e) for e in p.get("examples") or p.get("schema", {}).get("examples", [])
                            ],
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": list((operation.get("requestBody") or {}).get("content", {}).keys()),
                    "responses": {
                        k: v.get("description", "") for k, v in operation.get("responses", {}).items()
                    },
                    "examples": examples,
                }
            )
    return sorted(found, key=lambda o: (o["tag"], o["path"], o["method"]))


def _type_of(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"])
    return str(schema.get("type") or schema.get("format") or "")
