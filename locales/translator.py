"""Translations: Fluent files in `locales/<language>/*.ftl`, one bundle per language.

Fluent, not gettext: messages are keyed (a missing key is detectable, and a test fails on one), plurals follow
each language's own rules (Russian has four forms), and translators edit plain text files with no compile step.

Numbers reach Fluent as numbers, never as pre-formatted strings: Fluent then picks the plural form from the value
(`1 год`, `2 года`, `5 лет`, `9,8 года`) and writes it the language's way (a decimal comma in Russian); a message
that shows a fraction rounds it with `NUMBER($x, maximumFractionDigits: 1)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.resolver import Pattern
from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor
from loguru import logger

from services.accounts.users import DEFAULT_LANGUAGE, LANGUAGES
from services.jobs.taxonomy import Seniority
from services.search.job_search import Reason

LOCALES = Path(__file__).resolve().parent


def message_ids(language: str) -> set[str]:
    """Every message id defined for a language (what the missing-key test compares)."""
    ids: set[str] = set()
    for path in sorted((LOCALES / language).glob("*.ftl")):
        for entry in parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                ids.add(entry.id.name)
            elif isinstance(entry, ast.Junk):
                raise ValueError(f"{path}: syntax error near {(entry.content or '')[:60]!r}")
    return ids


def skill_key(name: str) -> str:
    """The message id of a skill name: `skill-` and the name in lower case, other characters as hyphens."""
    return "skill-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class _Variables(Visitor):
    """The variables ($name) a message uses; `other` when it refers to another message (given the same values)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.other = False

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.other = True


@cache
def _variables(language: str) -> dict[str, frozenset[str] | None]:
    """Each message's variables (None: it refers to another message, so any may be needed). A caller's other values
    are left out: Fluent converts every value it is given, and a dialog's button hands it the whole getter's data."""
    found: dict[str, frozenset[str] | None] = {}
    for path in sorted((LOCALES / language).glob("*.ftl")):
        for entry in parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                visitor = _Variables()
                visitor.visit(entry)
                found[entry.id.name] = None if visitor.other else frozenset(visitor.names)
    return found


@cache
def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    for path in sorted((LOCALES / language).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def _format(bundle: FluentBundle, pattern: Pattern, args: dict[str, Any], key: str, language: str) -> str:
    text, errors = bundle.format_pattern(pattern, args)
    if errors:
        logger.warning("translation {} ({}): {}", key, language, errors[0])
    return str(text)


@cache
def _constant(language: str, key: str) -> str:
    """A message that uses no values and names no other message, formatted once."""
    bundle = _bundle(language)
    pattern = bundle.get_message(key).value
    return _format(bundle, pattern, {}, key, language) if pattern is not None else key


@dataclass(frozen=True, slots=True)
class Translator:
    """Texts in one language; a key missing there falls back to English (and is logged)."""

    language: str

    def __call__(self, key: str, **args: Any) -> str:
        for language in dict.fromkeys((self.language, DEFAULT_LANGUAGE)):
            bundle = _bundle(language)
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                if (wanted := _variables(language).get(key)) is not None:
                    if not wanted:  # a text without values (most buttons' labels)
                        return _constant(language, key)
                    args = {name: value for name, value in args.items() if name in wanted}
                return _format(bundle, message.value, args, key, language)
            logger.warning("translation {} missing in {}", key, language)
        return key

    def level(self, level: int | None) -> str:
        return self("level-unknown") if level is None else self(f"level-{Seniority(level).name.lower()}")

    def service(self, code: str | None) -> str:
        return self(f"service-{code}") if code else self("value-any")

    def family(self, code: str) -> str:
        return self(f"family-{code}")

    def tongue(self, name: str) -> str:
        """A language an ad asks or a CV shows (`services.jobs.languages.LANGUAGES`: "Armenian") in this language."""
        return self(f"tongue-{name.lower()}")

    def sector(self, code: str) -> str:
        """A sector of experience (`services.jobs.sectors.Sector` value) in this language."""
        return self(f"sector-{code}")

    def skill(self, name: str) -> str:
        """A skill or software name the CV reader produced (`services.jobs.taxonomy`), in this language: the message
        `skill-<name as a slug>` where one exists (skills), else the name itself (product names such as Xero)."""
        key = skill_key(name)
        for language in dict.fromkeys((self.language, DEFAULT_LANGUAGE)):
            if _bundle(language).has_message(key):
                return self(key)
        return name

    def reason(self, reason: Reason) -> str:
        """A search result's reason in this language, its coded values translated too."""
        args: dict[str, Any] = dict(reason.args)
        if "level" in args:
            args["level"] = self.level(int(args["level"]))
        if "service" in args:
            args["service"] = self.service(str(args["service"]))
        if "family" in args:
            args["family"] = self.family(str(args["family"]))
        if "sectors" in args:  # codes joined by commas: "health,public"
            args["sectors"] = ", ".join(self.sector(code) for code in str(args["sectors"]).split(","))
        if "field" in args:  # a field next to finance: "hr", "it", "sales"
            args["field"] = self(f"field-{args['field']}")
        if "languages" in args:  # names joined by commas: "Armenian,Russian"
            args["languages"] = ", ".join(self.tongue(name) for name in str(args["languages"]).split(","))
        return self(f"reason-{reason.key}", **args)


def translator(language: str | None) -> Translator:
    return Translator(language if language in LANGUAGES else DEFAULT_LANGUAGE)


ENGLISH = Translator(DEFAULT_LANGUAGE)
