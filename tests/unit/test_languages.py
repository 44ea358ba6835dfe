"""Languages an ad asks (`services.jobs.languages`), and how ranking and the gaps use them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from services.cv.profile import CvProfile
from services.jobs.languages import LANGUAGES, AdLanguages, read_languages, spoken
from services.search.job_search import WEIGHTS, cv_gaps, cv_intent, rank_for_cv
from tests.unit.test_ranking import TODAY, job


@pytest.mark.parametrize(
    ("text", "required", "desirable"),
    [
        ("Fluency in English, Armenian and Russian is required.", {"Armenian", "Russian"}, set()),
        ("- Excellent English and Armenian language skills", {"Armenian"}, set()),
        ("Very good knowledge of Armenian and English;", {"Armenian"}, set()),
        ("Fluent Armenian and English; Russian is an advantage.", {"Armenian"}, {"Russian"}),
        ("Russian language proficiency would be a plus.", set(), {"Russian"}),
        ("The ability to speak Welsh is desirable for this post; Welsh and/or English speakers are equally welcome.",
         set(), {"Welsh"}),
        ("Fluency in written and spoken Danish or Swedish.", set(), {"Danish", "Swedish"}),  # either will do
        ("Fluent Armenian and English/Russian.", {"Armenian"}, set()),  # English meets the second
        ("Communication skills in Armenian and Russian, working knowledge of English is a plus.",
         {"Armenian", "Russian"}, set()),  # the plus is English's
        ("Knowledge of other foreign languages is preferred (Spanish, Portuguese, French).", set(),
         {"Spanish", "Portuguese", "French"}),
        ("Ideally you will speak Polish.", set(), {"Polish"}),
        ("Fluent English and ideally Spanish.", set(), {"Spanish"}),
        ("Chinese speakers are encouraged to apply.", set(), {"Chinese"}),
        ("Languages: French, German", {"French", "German"}, set()),
        ("Fluency in Welsh (desirable)", set(), {"Welsh"}),
        ("Fluent German, accounting experience essential.", {"German"}, set()),
        ("Russian is desirable, Armenian is essential.", {"Armenian"}, {"Russian"}),
        ("Fluent French, German or Italian.", set(), {"French", "German", "Italian"}),
        ("German (mother tongue)", {"German"}, set()),
        ("Must be fluent in Italian and have a degree.", {"Italian"}, set()),
        ("Fluent in English and at least one of the following languages: German, French", set(), {"German", "French"}),
        ("Spanish-speaking Accountant", {"Spanish"}, set()),
        ("Italian speaker essential.", {"Italian"}, set()),
        # adjectives, not languages asked
        ("Prepare statements under International and Armenian Accounting Standards.", set(), set()),
        ("Good knowledge of Armenian tax legislation and the Civil Code.", set(), set()),
        ("The Armenian branch office of an international foundation.", set(), set()),
        ("Experience of French subsidiaries' consolidation.", set(), set()),
        ("Knowledge of German, Austrian and Swiss GAAP.", set(), set()),
        ("Knowledge of French, Belgian and Luxembourg tax law is essential.", set(), set()),
        ("Strong knowledge of Irish, UK GAAP and IFRS.", set(), set()),
        ("Knowledge of local GAAP (German, French) is an advantage.", set(), set()),
        ("The Trust complies with the Welsh Language Act and its Welsh Language Standards.", set(), set()),
        ("We offer free language classes (French, Spanish).", set(), set()),
        ("You will look after our Spanish-speaking clients.", set(), set()),
        # English is never an ask
        ("Excellent written and spoken English.", set(), set()),
        # Capitals, "bilingual", and a list under a "Languages" heading
        ("Requirements: FLUENT GERMAN ESSENTIAL.", {"German"}, set()),
        ("EXCELLENT ENGLISH AND ARMENIAN LANGUAGE SKILLS", {"Armenian"}, set()),
        ("Fluent in ENGLISH and FRENCH", {"French"}, set()),
        ("KNOWLEDGE OF GERMAN, AUSTRIAN AND SWISS GAAP", set(), set()),
        ("WELSH AND/OR ENGLISH SPEAKERS ARE EQUALLY WELCOME", set(), set()),
        ("You must be bilingual English/French.", {"French"}, set()),
        ("Bilingual English/Welsh (desirable)", set(), {"Welsh"}),
        ("Languages:\n- German\n- FRENCH (desirable)\nAbout us: we are a charity.", {"German"}, {"French"}),
        ("Languages required:\nItalian\nSpanish", {"Italian", "Spanish"}, set()),
        ("Languages:\n- German\nOffices:\n- France", {"German"}, set()),  # the heading's list ends with it
        ("Skills:\n- German\n- Excel", set(), set()),  # a lone name under another heading: no cue, not read
        ("Languages:\n- German\n- SAP\n- French", {"German", "French"}, set()),  # the list goes on past "SAP"
        ("FLUENT GERMAN AND STRONG ACCOUNTING SKILLS", {"German"}, set()),  # no nationality chain in capitals
        ("Fluent in WELSH", {"Welsh"}, set()), ("Fluent in DUTCH", {"Dutch"}, set()),  # short names in capitals
        ("GOOD KNOWLEDGE OF ARMENIAN AND RUSSIAN", {"Armenian", "Russian"}, set()),
        ("KNOWLEDGE OF IRISH, UK GAAP AND IFRS", set(), set()), ("WE ARE A POLISH COMPANY", set(), set()),
        ("ACCA/CIMA QUALIFIED, GERMAN GAAP", set(), set()), ("SPANISH-SPEAKING CLIENTS", set(), set()),
        ("EXCELLENT ANALYTICAL SKILLS TO POLISH OUR REPORTS", set(), set()),  # the verb
        ("You must be bilingual English/Welsh, German or French essential.", {"Welsh"}, {"German", "French"}),
    ],
)  # fmt: skip
def test_an_ad_asks_a_language_only_as_one_to_speak(text: str, required: set[str], desirable: set[str]) -> None:
    asks = read_languages("Accountant", text)
    assert (set(asks.required), set(asks.desirable)) == (required, desirable)


def test_a_title_can_ask_it_and_the_index_keeps_both_strengths() -> None:
    assert read_languages("German Speaking Credit Controller", "").required == {"German"}
    asks = AdLanguages(frozenset({"Armenian"}), frozenset({"Russian"}))
    assert asks.as_list() == ["Armenian", "Russian?"]
    assert AdLanguages.from_list(asks.as_list()) == asks
    assert AdLanguages.from_list(["Klingon", "Armenian"]) == AdLanguages(frozenset({"Armenian"}))
    assert not AdLanguages.from_list(None)
    assert spoken(["Armenian"]) == {"Armenian", "English"}
    assert spoken(["armenian ", "Mandarin", "Klingon"]) == {"Armenian", "English", "Mandarin", "Chinese"}


def test_the_real_ads_ask_only_languages_they_name_and_never_english(shared_data: Path) -> None:
    for name in ("accounting_finance_real.jsonl", "nonfinance_distractors.jsonl"):
        for line in (shared_data / "jobs" / name).read_text().splitlines():
            ad = json.loads(line)
            asks = read_languages(ad["title"], ad["description"] or "")
            text = f"{ad['title']} {ad['description'] or ''}"
            assert "English" not in asks.required | asks.desirable
            assert all(n in LANGUAGES and n in text for n in asks.required | asks.desirable), (ad["title"], asks)
            if any(ad["location"] and town in ad["location"] for town in ("Yerevan", "Gyumri")) and (
                "fluen" in text.lower()
            ):
                assert asks, ad["title"]  # an Armenian post that asks fluency is read for it


def test_ranking_takes_off_a_required_language_the_cv_does_not_show_and_says_why() -> None:
    post = job(51, "Accountant", ["Yerevan"], "Yerevan", family="accounts", step=3)._replace(
        ad_languages=["Armenian", "Russian?"]
    )
    accountant = CvProfile(current_title="Accountant", role_family="accounts", years_experience=5, is_accounting=True)
    english = cv_intent(accountant)
    armenian = cv_intent(accountant.model_copy(update={"languages": ["Armenian", "Russian"]}))
    [lacking] = rank_for_cv([post], {}, english, TODAY)
    [having] = rank_for_cv([post], {}, armenian, TODAY)
    assert lacking.score == pytest.approx(having.score - WEIGHTS.cv_language)
    [asks] = [dict(r.args) for r in lacking.to_check if r.key == "asks-language"]
    assert asks == {"languages": "Armenian", "names": "Armenian", "count": 1}
    assert [r.args for r in having.fits if r.key == "language-match"] == [(("languages", "Armenian,Russian"),)]
    assert not any(r.key == "asks-language" for r in having.reasons)
    gaps = cv_gaps(post, english)
    assert [r.key for r in gaps.missing] == ["gap-language"] and gaps.suggestion is not None
    assert gaps.suggestion.key == "suggest-language"
    assert cv_gaps(post, armenian).missing == []
    desirable_only = post._replace(ad_languages=["Russian?"])
    [soft] = rank_for_cv([desirable_only], {}, english, TODAY)
    assert soft.score == pytest.approx(having.score)  # a wish costs nothing and is no fact to check
    assert not any(r.key == "asks-language" for r in soft.reasons)
    unweighed = dataclasses.replace(WEIGHTS, cv_language=0.0)
    assert rank_for_cv([post], {}, english, TODAY, unweighed)[0].score == pytest.approx(having.score)
