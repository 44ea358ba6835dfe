"""The OpenAPI 3.1 description of `/api/v1`, generated from the routes (`Operation`: method, path, scope, the
models of the body and the answer, the errors it can answer) and the models the handlers validate and answer with;
and a human-readable page drawn from it (no script, no CDN)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from handlers.web import api_models as m
from services.admin.api_tokens import Scope

BASE = "/api/v1"
_REF = "#/components/schemas/{model}"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Operation:
    """One route of `/api/v1`: the API app registers it behind a token with `scope`, and it is described so."""

    method: str
    path: str
    """Under `/api/v1`; `{name}` is a path parameter (described in `PARAMETERS`)."""
    handler: Handler
    scope: Scope
    summary: str
    answer: type[BaseModel]
    errors: tuple[int, ...] = ()
    """What it may answer besides 200 and the token's 401, 403 and 429."""
    body: type[BaseModel] | None = None
    """A JSON body, validated with this model."""
    upload: bool = False
    """A CV as multipart/form-data (`UPLOAD`)."""


PARAMETERS = {"job_id": "The job's id on the board.", "telegram_id": "The user's Telegram id."}
AUTH_ERRORS = (401, 403, 429)
ERRORS = {
    400: "The request is malformed: invalid JSON, a missing or wrong field.",
    401: "No token, or an unknown or revoked one.",
    403: "The token lacks the scope.",
    404: "No such thing.",
    413: "The body is too large.",
    415: "The body is not of the expected type.",
    422: "The CV could not be read (a friendly reason in the message).",
    429: "Over the token's rate limit; see Retry-After.",
    503: "Search is briefly unavailable.",
}
UPLOAD = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "The CV: PDF, DOCX, ODT, RTF or text.",
                    },
                    "user_id": {
                        "type": "string",
                        "pattern": "^[0-9]{1,19}$",
                        "description": "match only, with an admin token (any other gets 403, whoever the id names): "
                        "act for this Telegram user and keep the profile, if they consented and are not banned.",
                    },
                },
            }
        }
    },
}
"""The multipart body of the CV endpoints (read part by part, not through a model)."""


def _json(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}}


def _responses(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": "OK", "content": _json(op.answer)}}
    for code in (*op.errors, *AUTH_ERRORS):
        out[str(code)] = {"description": ERRORS[code], "content": _json(m.Error)}
        if code == 429:
            out[str(code)]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return out


def _operation(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "summary": op.summary,
        "security": [{"bearer": []}],
        "x-scope": op.scope.value,
        "responses": _responses(op),
    }
    if op.body is not None:
        out["requestBody"] = {"required": True, "content": _json(op.body)}
    elif op.upload:
        out["requestBody"] = UPLOAD
    if names := re.findall(r"{(\w+)}", op.path):
        out["parameters"] = [
            {"name": name, "in": "path", "required": True, "description": PARAMETERS[name],
             "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"}}
            for name in names
        ]  # fmt: skip
    return out


def openapi_document(operations: Sequence[Operation]) -> dict[str, Any]:
    """Answers are described as they are serialised, bodies as they are validated; each model once, under
    `components/schemas`."""
    answers: list[type[BaseModel]] = [op.answer for op in operations] + [m.Error]
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [(model, "serialization") for model in answers]
    models += [(op.body, "validation") for op in operations if op.body is not None]
    _, schemas = models_json_schema(list(dict.fromkeys(models)), ref_template=_REF)
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(BASE + op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Accountancy jobs matcher",
            "version": "1.0.0",
            "description": "The bot's search and CV matching over HTTP. Tokens: `python -m bot api-token create`. "
            "Scopes: read (search, jobs), match (CVs), admin (users, stats, and the rest). Every response carries "
            "X-Request-Id; every error is {error: {type, message, request_id}}.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas["$defs"],
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def docs_page(spec: dict[str, Any]) -> str:
    """The description for people: each operation with its scope, parameters, body and answers."""
    parts = [
        f"<h1>{escape(spec['info']['title'])} API</h1><p>{escape(spec['info']['description'])}</p>",
        f'<p>Machine-readable: <a href="{BASE}/openapi.json">{BASE}/openapi.json</a> (OpenAPI 3.1).</p>',
    ]
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            parts.append(
                f"<h2><code>{method.upper()} {escape(path)}</code></h2><p>{escape(op['summary'])} "
                f"(scope <b>{escape(op['x-scope'])}</b>)</p>"
            )
            body = op.get("requestBody", {}).get("content", {})
            for kind, content in body.items():
                parts.append(
                    f"<p>Body ({escape(kind)}):</p><pre>{escape(json.dumps(content['schema'], indent=1))}</pre>"
                )
            answers = ", ".join(f"{code} {escape(r['description'])}" for code, r in op["responses"].items())
            parts.append(f"<p>Answers: {answers}</p>")
    schemas = "".join(
        f'<h3 id="{escape(name)}">{escape(name)}</h3><pre>{escape(json.dumps(schema, indent=1))}</pre>'
        for name, schema in spec["components"]["schemas"].items()
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API</title><style>'
        "body{font:14px/1.4 system-ui,sans-serif;max-width:960px;margin:auto;padding:1em}"
        "pre{background:#f6f6f6;padding:.5em;overflow:auto}</style></head><body>"
        + "".join(parts)
        + "<h2>Schemas</h2>"
        + schemas
        + "</body></html>"
    )
