"""Languages an ad asks the candidate to speak ("Fluency in English, Armenian and Russian", "Italian speaker
essential"), read against the languages a CV shows.

The readers' guidelines count a local requirement the CV does not show ("a local licence", local knowledge) as
one key requirement missing: a grade down. A language asked outright is the plainest such requirement, and a board
with Armenian posts asks it in most of them. English is never an ask here: the ads are written in it, and a CV
read by the bot is one its owner could write.

A language counts as asked only beside a cue of speaking it (fluent, fluency, proficiency, spoken, written,
native, a speaker, "language skills", "knowledge of Armenian and English", "Languages:"), and only as a language:
"Armenian Accounting Standards", "knowledge of Armenian tax legislation", "German, Austrian and Swiss GAAP", "the
Welsh Language Act" and "language classes (French)" ask nothing. Its strength is its clause's
(`services.jobs.qualification_status.mode_of`, the clause ending at the next comma): required unless the ad calls
it desirable, an advantage, a plus, ideal or welcome. Alternatives require none of them alone: "Danish or Swedish"
and "at least one of the following languages" are desirable, and "Welsh and/or English" asks nothing.

Pure: no database, no aiogram. The index stores an ad's reading (`job_index.ad_languages`); ranking and the gaps
compare it with `CvProfile.languages` (`services.search.job_search._language_fit`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from services.jobs.qualification_status import Mode, marked, mode_of, sentences, unmarked

LANGUAGES = ("English", "French", "German", "Spanish", "Italian", "Portuguese", "Polish", "Romanian", "Russian",
             "Ukrainian", "Arabic", "Urdu", "Hindi", "Punjabi", "Bengali", "Gujarati", "Tamil", "Mandarin", "Cantonese",
             "Chinese", "Japanese", "Korean", "Turkish", "Greek", "Dutch", "Swedish", "Armenian", "Welsh", "Tagalog",
             "Vietnamese", "Farsi", "Persian", "Hebrew", "Swahili", "Yoruba", "Somali", "Lithuanian", "Latvian",
             "Danish", "Norwegian", "Finnish", "Czech", "Slovak", "Hungarian", "Bulgarian", "Croatian", "Serbian",
             "Georgian", "Azerbaijani", "Kurdish", "Irish", "Gaelic")  # fmt: skip
"""The languages CVs and ads are read for (as written, capitalised)."""

ASSUMED = frozenset({"English"})
"""Shown by every CV and asked by no ad: the board's ads are in English."""

ALIASES = {
    "Mandarin": "Chinese",
    "Chinese": "Mandarin",
    "Farsi": "Persian",
    "Persian": "Farsi",
    "Cantonese": "Chinese",
}
"""A language a CV shows that meets an ask under another name ("Mandarin (Chinese) required")."""
_KNOWN = frozenset(LANGUAGES)
_CANONICAL = {name.lower(): name for name in LANGUAGES}

_NAME = r"(?:" + "|".join(LANGUAGES) + r")"
_JOIN = r"\s*(?:,|/|&|\band/or\b|\band or\b|\band\b|\bor\b)\s*/?\s*"
# One language or a list of them: "Armenian", "English, Armenian and Russian", "Armenian and or/Russian".
_LIST = re.compile(rf"\b{_NAME}(?:{_JOIN}{_NAME})*\b")
_ONE = re.compile(rf"\b({_NAME})\b")
_JOINS = re.compile(_JOIN)
# A list is a language, not an adjective ("Armenian Accounting Standards"), when what follows it ends the phrase or
# says it is spoken ...
_AS_LANGUAGE = re.compile(
    r"[\s-]*(?:$|[.,;:!?)(–—]|\b(?:languages?|speak\w*|spoken|written|writing|oral|verbal|fluen\w*|proficien\w*"
    r"|skills|is|are|would|will|essential|required|desirable|preferred|an?|as|at|to|both|including|with|for|native"
    r"|mother tongue|knowledge|ideally|preferably|and)\b)",
    re.IGNORECASE,
)
# ... and it does not go on as a list of nationalities before a noun ("German, Austrian and Swiss GAAP", "French
# and Belgian tax law"), nor name a law or a perk ("the Welsh Language Act", "Welsh language classes").
_ADJECTIVES_ON = re.compile(
    r"(?i)(?:\s*(?:,|and|or|&|/)\s*(?-i:[A-Z])[\w-]+)*\s+(?:GAAP|tax\w*|law\w*|legislation|legal|standards?|VAT|entit"
    r"\w+|market\w*|account\w*|subsidiar\w+|compan\w+|clients?|regulat\w+|payroll|operations|offices?|branch\w*"
    r"|government|authorit\w+|business\w*|group|sites?|ledgers?)\b"
    r"|\s+language\s+(?:act|standards?|scheme|measure|polic\w+|commissioner|classes|lessons|courses?|tuition|week)\b"
    r"|-speaking\s+(?:clients?|customers?|markets?|countr\w+|regions?|communit\w+|populations?|world|territor\w+)\b"
)
# Just before the list: what it qualifies is not speech ("local GAAP (German, French)", "language classes (French)").
_NOT_SPEECH_BEFORE = re.compile(
    r"(?i)\b(?:GAAP|tax\w*|law\w*|VAT|standards|legislation|classes|lessons|courses|tuition)\s*[(:]?\s*$"
)
# A cue that the list is about speaking it, in the same clause (before or just after).
_SPOKEN_BEFORE = re.compile(
    r"(?i)\b(?:fluen\w*|proficien\w*|command|knowledge|skills?|speak\w*|spoken|written|verbal|oral|native"
    r"|communicat\w*|languages?|translat\w*|bilingual|tongue)\b[^.;]{0,50}$"
)
_SPOKEN_AFTER = re.compile(
    r"(?i)^[\s(:-]*(?:languages?|speak\w*|spoken|written|fluen\w*|proficien\w*|native|mother tongue"
    r"|(?:language )?skills|(?:is|are|would be) (?:an? )?(?:advantage|desirable|essential|required|plus|must"
    r"|beneficial|preferred))\b"
)
# Softer than the section or the clause says: "ideally Spanish", "Chinese speakers are encouraged to apply".
_WISH = re.compile(
    r"(?i)\b(?:ideally|preferabl[ey]|encouraged|welcome[ds]?|bonus|plus|advantage\w*|desirable|preferred"
    r"|beneficial|nice to have|not essential|useful|helpful)\b"
)
_ANY_OF = re.compile(r"(?i)\b(?:(?:one|any) of|either)\b[^.;]{0,40}$")
_BILINGUAL = re.compile(r"(?i)\bbilingual\s*(?:in\s*)?[(:]?\s*$")  # "bilingual English/French": both of them
# A heading that lists languages below it, an item of such a list ("- German", "French (desirable)"), and text in
# capitals ("FLUENT GERMAN ESSENTIAL"), read as if written in lower case with capitalised words.
_LANGUAGES_HEADING = re.compile(r"(?i)^\W*(?:(?:foreign|required) )?languages?(?: (?:required|spoken|skills))?\s*:\s*$")
_ITEM = re.compile(rf"^[\s\-–•*·]*{_NAME}\b[^.:;]{{0,30}}$")
_OTHER_ITEM = re.compile(r"^[\s\-–•*·]+[^.:;]{0,30}$")
_WORD = re.compile(r"[A-Za-z]+(?:/or)?")
_SHOUTED = re.compile(r"\b[A-Z][A-Z'/&-]*(?:[\s,]+[A-Z][A-Z'/&-]*)*\b")  # a run of words without a small letter
_JOIN_WORDS = frozenset({"and", "or", "and/or"})
_SMALL_WORDS = _JOIN_WORDS | {"to", "of", "in", "a", "an", "the", "for", "with", "on", "at", "as", "is", "are", "be",
                              "we", "you", "our", "your", "must", "will", "very", "good", "both"}  # fmt: skip
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ian|ish|ese|an)|Swiss|Dutch|Greek|Thai|French|Luxembourg")
_TO_POLISH = re.compile(r"(\bto )Polish\b")  # "skills to polish", the verb
_CLAUSE_END = re.compile(r"[,;]|\s[-–—]\s|\bbut\b")
_EITHER_SPLIT = re.compile(r"\s*(?:/|\band/or\b|\band or\b|\bor\b)\s*/?\s*", re.IGNORECASE)
_BOTH_SPLIT = re.compile(r"\s*(?:,|&|\band\b(?!\s*/?\s*or\b))\s*", re.IGNORECASE)


def _alternatives(found: str) -> list[list[str]]:
    """A list as groups of alternatives: "English, Armenian and Russian" is three groups of one; "Armenian and
    English/Russian" is Armenian, then English or Russian; "Welsh and/or English" one group of two."""
    joins = [j.group(0).strip().lower() for j in _JOINS.finditer(found)]
    if joins and joins[-1] in ("or", "and/or", "and or", "/") and all(j == "," for j in joins[:-1]):
        return [_ONE.findall(found)]  # "French, German or Italian": any one of them
    groups = []
    for part in _BOTH_SPLIT.split(_EITHER_SPLIT.sub(" / ", found)):
        names = [n for n in (x.strip() for x in part.split("/")) if n in _KNOWN]
        if names:
            groups.append(names)
    return groups


@dataclass(frozen=True, slots=True)
class AdLanguages:
    """The languages an ad asks for, English aside: required, and merely desirable."""

    required: frozenset[str] = frozenset()
    desirable: frozenset[str] = frozenset()

    def as_list(self) -> list[str]:
        """As the index stores it: required languages by name, desirable ones with a "?" ("Armenian", "Russian?")."""
        return marked(self.required, self.desirable)

    @classmethod
    def from_list(cls, values: Iterable[str] | None) -> AdLanguages:
        return cls(*unmarked(values, _KNOWN))

    def __bool__(self) -> bool:
        return bool(self.required or self.desirable)


@functools.lru_cache(maxsize=65_536)
def _sentence_asks(sentence: str, section: Mode, lead: str = "") -> tuple[tuple[str, Mode], ...]:
    """The languages one sentence asks, each HARD or SOFT; `lead` is the line before when the sentence goes on
    from it ("proficiency in spoken" / "Armenian and/or Russian;"). Cached: a board repeats its boilerplate."""
    text = f"{lead} {sentence}" if lead else sentence
    asks = []
    for found in _LIST.finditer(text, len(lead)):
        if not _AS_LANGUAGE.match(text, found.end()) or _ADJECTIVES_ON.match(text, found.end()):
            continue
        before = text[max(0, found.start() - 60) : found.start()]
        if _NOT_SPEECH_BEFORE.search(before):
            continue
        if not (_SPOKEN_BEFORE.search(before) or _SPOKEN_AFTER.match(text[found.end() :])):
            continue
        # The clause's own cue: what follows the list up to the next comma ("..., English is a plus" is English's).
        after = text[found.end() :]
        clause = after[: m.start()] if (m := _CLAUSE_END.search(after)) else after
        start = max(0, found.start() - 60)
        mode = mode_of(text[start : found.end() + len(clause)], found.start() - start, found.end() - start, section)
        if mode is Mode.PLAIN:  # a language asked with no cue at all ("Fluent Armenian." in a list of skills)
            mode = Mode.HARD
        own = re.split(r"[,;]", before)[-1]  # this clause's part before the list ("Russian is desirable, Armenian")
        if mode is Mode.HARD and (_WISH.search(clause) or _WISH.search(own[-30:])):
            mode = Mode.SOFT
        if mode not in (Mode.HARD, Mode.SOFT):
            continue
        groups = _alternatives(found.group(0))
        if _BILINGUAL.search(before):  # the pair after "bilingual" both asked; the rest of the list as written
            names = list(_ONE.finditer(found.group(0)))
            rest = found.group(0)[names[1].end() :] if len(names) > 1 else ""
            groups = [[m.group(1)] for m in names[:2]] + _alternatives(_JOINS.sub(" ", rest, count=1).strip())
        elif _ANY_OF.search(before):  # "at least one of the following languages: German, French, ..."
            groups = [[name for group in groups for name in group]]
        for group in groups:
            if ASSUMED.intersection(group):  # "Welsh and/or English speakers are equally welcome": met already
                continue
            either = Mode.SOFT if len(group) > 1 else mode  # "Danish or Swedish": no one of them required alone
            asks += [(name, either) for name in group]
    return tuple(asks)


def read_languages(title: str, description: str, split: list[tuple[str, Mode]] | None = None) -> AdLanguages:
    """The languages an ad asks for ("German Speaking Credit Controller" asks in its title too)."""
    required: set[str] = set()
    desirable: set[str] = set()
    previous = heading = ""
    for written, section in split if split is not None else sentences(title, description):
        sentence = _unshouted(written)
        if heading and _ITEM.match(sentence):  # an item of a "Languages:" list
            lead = heading
        elif heading and _OTHER_ITEM.match(sentence):  # another item of it ("- SAP"): the list goes on
            lead = ""
        else:
            heading = sentence if _LANGUAGES_HEADING.match(sentence) else ""
            lead = previous[-60:] if previous and previous[-1].isalpha() else ""  # a line broken mid-sentence
        for name, mode in _sentence_asks(sentence, section, lead):
            (required if mode is Mode.HARD else desirable).add(name)
        previous = sentence
    return AdLanguages(frozenset(required), frozenset(desirable - required))


def _unshouted(sentence: str) -> str:
    """Text in capitals as if written in lower case, with language names and nationalities capitalised ("FLUENT
    GERMAN AND STRONG ACCOUNTING SKILLS" reads "fluent German and strong accounting skills"; "GERMAN, AUSTRIAN AND
    SWISS GAAP" keeps its adjectives and the acronym); the rest as it is."""

    def word(found: re.Match[str]) -> str:
        text = found.group(0)
        named = text.capitalize()
        if named in _KNOWN or _NATIONALITY.fullmatch(named):
            return named
        return text if len(text) <= 4 and text.lower() not in _SMALL_WORDS else text.lower()  # "UK", "GAAP" stay

    def soften(run: re.Match[str]) -> str:
        text = run.group(0)
        if sum(c.isalpha() for c in text) < 6 and not any(w.capitalize() in _KNOWN for w in _WORD.findall(text)):
            return text  # an acronym ("ACCA", "UK GAAP"), not text in capitals
        return _TO_POLISH.sub(r"\1polish", _WORD.sub(word, text))

    return _SHOUTED.sub(soften, sentence)


def spoken(languages: Iterable[str]) -> frozenset[str]:
    """The languages a CV shows (its owner's `CvProfile.languages`, as any reader wrote them: "armenian"), by
    their names here and their other names ("Mandarin" meets "Chinese"), English always among them."""
    names = {_CANONICAL[n.strip().lower()] for n in languages if n.strip().lower() in _CANONICAL}
    return ASSUMED | names | {ALIASES[n] for n in names if n in ALIASES}
