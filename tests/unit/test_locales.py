"""Translations: every key in every language, every key the code uses exists, and placeables agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor

from handlers.admins import ADMIN_COMMANDS
from locales import message_ids, translator
from locales.translator import LOCALES
from services.accounts.preferences import AlertFrequency
from services.accounts.saved import DismissReason
from services.accounts.users import LANGUAGES
from services.cv.reading import MESSAGES
from services.delivery.alerts import AlertKind
from services.delivery.broadcasts import Audience, Status
from services.errors import DomainError
from services.jobs.fields import Employment, WorkMode
from services.jobs.qualification_status import LABELS as STATUS_LABELS
from services.jobs.roles import FIELDS
from services.jobs.sectors import Sector
from services.jobs.taxonomy import SERVICE_NAMES, RoleFamily, Seniority
from services.search.leanings import Lesson
from services.search.query import SearchFilters

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = [*ROOT.glob("dialogs/*.py"), *ROOT.glob("handlers/*.py"), *ROOT.glob("bot/*.py")]
LITERAL_KEY = re.compile(r"""(?:\bTr|\bt|\btr\(manager\)|_translator\(event, data\))\(\s*"([a-z][a-z0-9_-]*)"[,)]""")


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _variables(language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (LOCALES / language).glob("*.ftl"):
        for entry in parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                visitor = _Variables()
                visitor.visit(entry)
                found[entry.id.name] = visitor.names
    return found


def test_there_are_two_complete_languages() -> None:
    assert set(LANGUAGES) == {"en", "ru"}
    assert {p.name for p in LOCALES.iterdir() if p.is_dir() and not p.name.startswith("_")} == set(LANGUAGES)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_no_key_is_missing_or_extra(language: str) -> None:
    english, other = message_ids("en"), message_ids(language)
    assert sorted(english - other) == [], f"missing in {language}"
    assert sorted(other - english) == [], f"only in {language}"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_each_translation_uses_the_same_values(language: str) -> None:
    english, other = _variables("en"), _variables(language)
    differ = {key: (english[key], other[key]) for key in english if english[key] != other.get(key)}
    assert differ == {}


def test_every_key_the_code_names_exists() -> None:
    used: set[str] = set()
    for path in ADAPTERS:
        used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 60  # the pattern finds the adapters' keys
    assert sorted(used - message_ids("en")) == []


def test_every_key_built_from_a_code_exists() -> None:
    """Keys the code builds from values (levels, services, errors, CV refusals...) exist for every value."""
    keys = {f"level-{s.name.lower()}" for s in Seniority} | {"level-unknown"}
    keys |= {f"service-{s}" for s in SERVICE_NAMES} | {f"family-{f.value}" for f in RoleFamily}
    keys |= {f"employment-{e.value}" for e in Employment} | {f"work-mode-{m.value}" for m in WorkMode}
    keys |= {f"alerts-{a.value}" for a in AlertFrequency} | {f"dismiss-{r.value}" for r in DismissReason}
    keys |= {f"language-{lang}" for lang in LANGUAGES} | {f"cv-rejected-{code}" for code in MESSAGES}
    keys |= {f"error-{cls.code}" for cls in [DomainError, *_subclasses(DomainError)] if isinstance(cls.code, str)}
    keys |= {f"relax-{k}" for k in ("posted", "employment", "ranking", "salary", "seniority", "services", "remote",
                                    "location", "study")}  # fmt: skip
    keys |= {f"command-{c}" for c in ("start", "help", "menu", "profile", "applications", "language", "export",
                                      "delete-me", "cancel")}  # fmt: skip
    keys |= {f"sector-{s.value}" for s in Sector}
    keys |= {f"field-{f}" for f in FIELDS} | {f"profile-near-field-{f}" for f in FIELDS}
    keys |= {f"command-{c}" for c in ADMIN_COMMANDS} | {f"broadcast-audience-{a.value}" for a in Audience}
    keys |= {f"broadcast-finished-{s.value}" for s in Status if s is not Status.SENDING}
    keys |= {f"alert-title-{k.value}" for k in AlertKind} | {"filter-timezone", "prefs-timezone"}
    keys |= {f"status-{label}" for label in STATUS_LABELS} | {f"step-{step}" for step in range(9)}
    keys |= {f"lesson-{lesson.value}" for lesson in Lesson if lesson is not Lesson.FIRMS}
    keys |= {f"taught-item-{lesson.value}" for lesson in Lesson if lesson is not Lesson.FIRMS}
    ranker = (ROOT / "services" / "search" / "job_search.py").read_text(encoding="utf-8")
    reasons = set(re.findall(r'Reason\.of\("([a-z-]+)"', ranker)) | {"remote", "hybrid"}
    assert {"gap-qual", "suggest-software", "favourite-firm", "part-qualified-ok"} <= reasons  # the pattern finds them
    keys |= {f"reason-{key}" for key in reasons}
    for language in LANGUAGES:
        assert sorted(keys - message_ids(language)) == [], language


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return [c for c in out if "code" in c.__dict__]


def test_every_relaxation_has_words() -> None:
    from dialogs.filters import RELAXATION_KEYS

    full = SearchFilters(places=("Leeds",), remote=None, min_salary=1, seniority_min=1, services=("tax",),
                         employment=("contract",), max_firm_ranking=5, posted_within_days=3)  # fmt: skip
    assert {name for name, _ in full.relaxations()} <= set(RELAXATION_KEYS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plurals_and_numbers_render(language: str) -> None:
    t = translator(language)
    for count in (0, 1, 2, 5, 21):
        assert str(count) in t("results-count", count=count, page=1, pages=1) or count == 1
    assert "25" in t("cv-rejected-too_large", size_mb=25.0, limit_mb=10.0)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_values_a_message_does_not_use_are_left_out_and_those_it_uses_still_count(language: str) -> None:
    """A dialog's button is handed every value its window's getter made; only the message's own reach Fluent."""
    t = translator(language)
    getter = {"body": "<b>x</b>" * 2000, "count": 7, "page": 2, "pages": 3, "has_next": 1, "title": "Auditor"}
    assert t("saved-title", **getter) == t("saved-title", count=7, page=2, pages=3)
    assert "7" in t("saved-title", **getter) and "3" in t("saved-title", **getter)
    assert t("btn-menu", **getter) == t("btn-menu")


def test_an_unknown_language_falls_back_to_english() -> None:
    assert translator("de")("btn-menu") == translator("en")("btn-menu")
    assert translator(None).language == "en"


@pytest.mark.parametrize(
    ("language", "years", "shown"),
    [("ru", 1, "стаж 1 год"), ("ru", 2, "стаж 2 года"), ("ru", 5, "стаж 5 лет"), ("ru", 9.8, "стаж 9,8 года"),
     ("ru", 21.0, "стаж 21 год"), ("ru", 0.0, "стаж 0 лет"), ("en", 1.0, "1 year of"), ("en", 9.8, "9.8 years of")],
)  # fmt: skip
def test_years_take_the_language_plural_form_and_decimal_mark(language: str, years: float, shown: str) -> None:
    assert shown in translator(language)("profile-level", level="x", years=years)


def test_every_skill_the_cv_reader_names_has_words_in_every_language() -> None:
    from locales.translator import skill_key
    from services.jobs.taxonomy import SKILLS, SOFTWARE

    english, russian = translator("en"), translator("ru")
    for language in LANGUAGES:
        assert sorted({skill_key(term.code) for term in SKILLS} - message_ids(language)) == []
    assert [english.skill(term.code) for term in SKILLS] == [term.code for term in SKILLS]  # English as it was
    assert russian.skill("audit") == "аудит" and russian.skill("financial reporting") == "финансовая отчётность"
    assert russian.skill("VAT") == "НДС" and russian.skill("FP&A") == "финансовое планирование и анализ"
    assert [russian.skill(term.code) for term in SOFTWARE] == [term.code for term in SOFTWARE]  # product names
    assert russian.skill("something new") == "something new"  # a name with no words yet: shown as it is


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_size_limit_is_the_one_given(language: str) -> None:
    t = translator(language)
    assert "7.5" in t("cv-upload-text", limit_mb=7.5).replace(",", ".")
    assert " 10 " in t("cv-upload-text", limit_mb=10.0) and "20" not in t("cv-upload-text", limit_mb=10.0)
    refused = t("cv-rejected-too_large", size_mb=25.3, limit_mb=0.5).replace(",", ".")
    assert "25.3" in refused and "0.5" in refused
