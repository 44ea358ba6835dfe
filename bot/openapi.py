"""The OpenAPI 3.1 description of `/api/v1`, generated from the request and response models the handlers use, and
a human-readable page drawn from it (no script, no CDN)."""

from __future__ import annotations

import functools
import json
from html import escape
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bot import api_models as m

BASE = "/api/v1"
_REF = "#/components/schemas/{model}"


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(model)}}


_ERRORS = {
    "400": "The request is malformed: invalid JSON, a missing or wrong field.",
    "401": "No token, or an unknown or revoked one.",
    "403": "The token lacks the scope.",
    "404": "No such thing.",
    "413": "The body is too large.",
    "415": "The body is not of the expected type.",
    "422": "The CV could not be read (a friendly reason in the message).",
    "429": "Over the token's rate limit; see Retry-After.",
    "503": "Search is briefly unavailable.",
}


def _responses(ok: type[BaseModel], codes: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": "OK", "content": _json(ok)}}
    for code in codes:
        headers = {"Retry-After": {"schema": {"type": "integer"}}} if code == "429" else {}
        out[code] = {
            "description": _ERRORS[code],
            "content": _json(m.Error),
            **({"headers": headers} if headers else {}),
        }
    return out


def _id_parameter(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": what,
        "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"},
    }


_UPLOAD = {
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

_AUTH = ("401", "403", "429")


def _operation(summary: str, scope: str, ok: type[BaseModel], codes: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    return {
        "summary": summary,
        "security": [{"bearer": []}],
        "x-scope": scope,
        "responses": _responses(ok, (*codes, *_AUTH)),
        **extra,
    }


@functools.cache
def openapi_document() -> dict[str, Any]:
    _, schemas = models_json_schema(
        [
            (model, "serialization")
            for model in (
                m.SearchResponse,
                m.Job,
                m.CvParseResponse,
                m.CvMatchResponse,
                m.User,
                m.SavedJobs,
                m.Preferences,
                m.Stats,
                m.Error,
            )
        ]
        + [(m.SearchRequest, "validation")],
        ref_template=_REF,
    )
    user_path = _id_parameter("telegram_id", "The user's Telegram id.")
    paths = {
        f"{BASE}/search": {
            "post": _operation(
                "Search jobs: a query and filters in, ranked jobs with their reasons out",
                "read",
                m.SearchResponse,
                ("400", "413", "503"),
                requestBody={"required": True, "content": _json(m.SearchRequest)},
            )
        },
        f"{BASE}/jobs/{{job_id}}": {
            "get": _operation(
                "A job with its parsed fields",
                "read",
                m.Job,
                ("404",),
                parameters=[_id_parameter("job_id", "The job's id on the board.")],
            )
        },
        f"{BASE}/cv/parse": {
            "post": _operation(
                "Read a CV into a profile (nothing is kept)",
                "match",
                m.CvParseResponse,
                ("400", "413", "415", "422"),
                requestBody=_UPLOAD,
            )
        },
        f"{BASE}/cv/match": {
            "post": _operation(
                "Read a CV and return the jobs that fit it",
                "match",
                m.CvMatchResponse,
                ("400", "413", "415", "422", "503"),
                requestBody=_UPLOAD,
            )
        },
        f"{BASE}/users/{{telegram_id}}": {
            "get": _operation(
                "What we hold about a user (never their CV)", "admin", m.User, ("404",), parameters=[user_path]
            )
        },
        f"{BASE}/users/{{telegram_id}}/saved-jobs": {
            "get": _operation("A user's saved jobs", "admin", m.SavedJobs, ("404",), parameters=[user_path])
        },
        f"{BASE}/users/{{telegram_id}}/preferences": {
            "get": _operation("A user's preferences", "admin", m.Preferences, ("404",), parameters=[user_path])
        },
        f"{BASE}/stats": {"get": _operation("The numbers of /stats", "admin", m.Stats, ())},
    }
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
