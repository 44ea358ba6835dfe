"""Reading a typed query: Russian words, slips of the keyboard, places off the board, and whether it asks for
anything this board holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from services.search.query import parse_query
from services.search.query_words import read

JOBS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "jobs"


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("acountant manchestr", "accountant Manchester"),
        ("finanse manger Lonodn", "finance manager London"),
        ("payrol administator", "payroll administrator"),
        ("accounts recievable bookeeper", "accounts receivable bookkeeper"),
        ("cheif auditer Liverpol", "chief auditor Liverpool"),
    ],
)
def test_slips_in_role_and_place_words_are_corrected_and_said(typed: str, read_as: str) -> None:
    reading = read(typed)
    assert reading.text == read_as and reading.changed


@pytest.mark.parametrize(
    "typed",
    ["working capital analyst", "offices manager Northwich", "principle consultant", "system accountant Lanchester",
     "trainer Chichester", "Woking"],
)  # fmt: skip
def test_real_words_and_real_places_are_left_as_typed(typed: str) -> None:
    assert read(typed).text == typed and not read(typed).changed


def test_the_real_ads_titles_and_places_read_as_written_but_for_their_own_misspellings() -> None:
    """Over the 667 real ads, the words read differently are the ads' own slips, never a word meant as written."""
    changed: dict[str, str] = {}
    for name in ("accounting_finance_real.jsonl", "nonfinance_distractors.jsonl"):
        for line in (JOBS / name).read_text().splitlines():
            ad = json.loads(line)
            for word in re.findall(r"[A-Za-z]+", f"{ad['title']} {ad.get('location') or ''}"):
                reading = read(word)
                if reading.text != word and not reading.outside:  # (Canada, Denmark: places off the board)
                    changed[word.lower()] = reading.text
    assert changed == {
        "cheif": "chief",
        "hopsital": "hospital",
        "hudderfield": "Huddersfield",
        "harrowgate": "Harrogate",
        "maidsone": "Maidstone",
        "middlesborough": "Middlesbrough",
    }


@pytest.mark.parametrize(
    ("typed", "text", "places"),
    [
        ("главный бухгалтер Ереван", "chief accountant", ("Yerevan",)),
        ("аудит Лидс", "audit", ("Leeds",)),
        ("ищу работу бухгалтером в Лидсе", "accountant", ("Leeds",)),
        ("финансовый директор Лондон", "finance director", ("London",)),
        ("казначейство Манчестер удаленно", "treasury", ("Manchester",)),
        ("экономист Армения", "economist", ()),
    ],
)
def test_russian_words_map_to_the_english_search(typed: str, text: str, places: tuple[str, ...]) -> None:
    parsed = parse_query(typed)
    assert parsed.text == text and parsed.filters.places == places and parsed.understood
    if "удаленно" in typed:
        assert parsed.filters.remote == "remote"
    if "Армения" in typed:
        assert parsed.filters.countries == ("Armenia",)


def test_acca_typed_in_cyrillic_letters_is_acca_and_thousands_are_k() -> None:
    parsed = parse_query("АССА бухгалтер 45 тыс")  # Cyrillic А and С
    assert parsed.qualifications == ("ACCA",) and parsed.filters.min_salary == 45_000


def test_a_place_off_the_board_is_named_as_typed_not_matched() -> None:
    for typed in ("бухгалтер Москва", "accountant Paris", "Россия бухгалтер"):
        parsed = parse_query(typed)
        assert parsed.text == "accountant" and parsed.outside and parsed.on_topic
    assert parse_query("бухгалтер в Москве").outside == ("Москве",)  # named back in the user's words
    france = parse_query("accountant in Paris, France")
    assert france.outside == ("Paris", "France") and france.text == "accountant" and france.understood == "accountant"


@pytest.mark.parametrize("typed", ["job", "jobs", "hello", "hi, how are you?", "asdkjh qwpoe", "!!!", "привет",
                                   "I love cooking lasagne", "chef London", "nurse", "taxi to the airport",
                                   "thanks for the message", "I cannot log into my account", "an excellent costume",
                                   "what is the capital of France", "повар Москва"])  # fmt: skip
def test_words_with_nothing_this_board_holds_are_off_topic(typed: str) -> None:
    assert not parse_query(typed).on_topic


@pytest.mark.parametrize("typed", ["Leeds", "remote", "50k", "CIPFA", "pensions", "purchase to pay", "NHS band 6",
                                   "microfinance consultant", "бухгалтер", "работа в Москве", "manager", "graduate",
                                   "Big Four", "Sage", "taxation"])  # fmt: skip
def test_a_role_a_finance_word_or_only_filters_are_on_topic(typed: str) -> None:
    assert parse_query(typed).on_topic


def test_newly_qualified_is_a_level() -> None:
    for typed in ("newly qualified ACA", "NQ auditor Leeds"):
        parsed = parse_query(typed)
        assert parsed.seniority == 3 and parsed.filters.seniority_min == 2 and parsed.filters.seniority_max == 4
