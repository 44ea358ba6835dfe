"""A typed query as the search reads it: Russian words in English, misspelt role and place words corrected, and
whether it asks for anything this board holds.

"acountant manchestr" reads as "accountant Manchester", "главный бухгалтер Ереван" as "chief accountant Yerevan",
and the bot says which words it read differently ("Showing results for ..."). Only the vocabulary of the domain is
corrected (role, qualification and service words, the place gazetteer): a word it does not know and that is not
within a typing slip of one of those is left as typed, because it may be a firm, a sector or a skill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from services.jobs import roles
from services.jobs.fields import COUNTRIES, COUNTY_AREAS, FOREIGN, UK_PLACES, UK_REGIONS
from services.jobs.taxonomy import qualifications_in, service_line

# ---------------------------------------------------------------- Russian

# (pattern over lower-case text with ё as е, English). Longer phrases first: the first that matches a stretch of
# text wins. Endings are open (\w*) because Russian declines nouns: "бухгалтера", "в Лидсе", "аудитором".
_RU: tuple[tuple[str, str], ...] = (
    # roles, most specific first
    (r"заместител\w* главн\w* бухгалтер\w*", "deputy chief accountant"),
    (r"главн\w* бухгалтер\w*", "chief accountant"),
    (r"помощник\w* бухгалтер\w*|ассистент\w* бухгалтер\w*", "assistant accountant"),
    (r"бухгалтер\w* по (?:расчету )?(?:заработн\w* плат\w*|зарплат\w*)|расчетчик\w*", "payroll accountant"),
    (r"расчет\w* (?:заработн\w* плат\w*|зарплат\w*)|заработн\w* плат\w* расчет\w*", "payroll"),
    (r"управленческ\w* бухгалтер\w*", "management accountant"),
    (r"управленческ\w* учет\w*", "management accounting"),
    (r"бухгалтерск\w* учет\w*|бухучет\w*|бухгалтери\w*", "accounting"),
    (r"бухгалтер\w*-кассир\w*", "accountant cashier"),
    (r"бухгалтер\w*", "accountant"),
    (r"внутренн\w* аудит\w*", "internal audit"),
    (r"внешн\w* аудит\w*", "external audit"),
    (r"аудитор\w*", "auditor"),
    (r"аудит\w*", "audit"),
    (r"финансов\w* директор\w*|финдиректор\w*|директор\w* по финансам", "finance director"),
    (r"финансов\w* контр?олл?ер\w*", "financial controller"),
    (r"финансов\w* менеджер\w*", "finance manager"),
    (r"финансов\w* аналитик\w*", "financial analyst"),
    (r"финансов\w* бизнес[- ]партнер\w*", "finance business partner"),
    (r"бизнес[- ]партнер\w*", "business partner"),
    (r"кредитн\w* контрол\w*", "credit control"),
    (r"дебиторск\w* задолженност\w*|дебиторк\w*", "accounts receivable"),
    (r"кредиторск\w* задолженност\w*|кредиторк\w*", "accounts payable"),
    (r"налогов\w* консультант\w*", "tax adviser"),
    (r"налог\w*", "tax"),
    (r"казначе\w*", "treasury"),
    (r"экономист\w*", "economist"),
    (r"финансов\w*", "financial"),
    (r"финанс\w*", "finance"),
    (r"пенси\w*", "pensions"),
    (r"инвестиц\w*|инвестицион\w*", "investment"),
    (r"фонд\w*", "fund"),
    (r"банк\w*", "bank"),
    (r"микрофинанс\w*", "microfinance"),
    (r"страхов\w*", "insurance"),
    (r"отчетност\w*", "reporting"),
    (r"мсфо", "IFRS"),
    (r"закупк\w*", "purchasing"),
    (r"аналитик\w*", "analyst"),
    (r"менеджер\w*", "manager"),
    (r"руководител\w*|начальник\w*|глав\w* отдел\w*", "head"),
    (r"заместител\w*", "deputy"),
    (r"директор\w*", "director"),
    (r"контр?олл?ер\w*", "controller"),
    (r"старш\w*", "senior"),
    (r"ведущ\w*", "senior"),
    (r"младш\w*", "junior"),
    (r"помощник\w*|ассистент\w*", "assistant"),
    (r"стажер\w*|практикант\w*|стажировк\w*", "trainee"),
    (r"выпускник\w*", "graduate"),
    (r"специалист\w*", "specialist"),
    (r"консультант\w*", "consultant"),
    (r"администратор\w*", "administrator"),
    (r"кассир\w*", "cashier"),
    (r"партнер\w*", "partner"),
    (r"сотрудник\w*|клерк\w*", "clerk"),
    (r"недавно квалифицирован\w*", "newly qualified"),
    (r"частично квалифицирован\w*|не полностью квалифицирован\w*", "part qualified"),
    (r"квалифицирован\w*|сертифицирован\w*", "qualified"),
    # how and where
    (r"удаленн\w*|удаленк\w*|из дома|дистанцион\w*", "remote"),
    (r"гибрид\w*", "hybrid"),
    (r"частичн\w* занятост\w*|неполн\w* (?:рабоч\w* )?(?:день|дня|ставк\w*)|полставк\w*", "part time"),
    (r"полн\w* занятост\w*|полн\w* (?:рабоч\w* )?(?:день|дня)", "full time"),
    (r"временн\w*", "temporary"),
    (r"контракт\w*|договор\w*", "contract"),
    (r"постоянн\w*", "permanent"),
    (r"лондон\w*", "London"), (r"манчестер\w*", "Manchester"), (r"лидс\w*", "Leeds"), (r"бирмингем\w*", "Birmingham"),
    (r"ливерпул\w*", "Liverpool"), (r"бристол\w*", "Bristol"), (r"шеффилд\w*", "Sheffield"),
    (r"ньюкасл\w*", "Newcastle"),
    (r"глазго", "Glasgow"), (r"эдинбург\w*", "Edinburgh"), (r"кардифф\w*", "Cardiff"), (r"белфаст\w*", "Belfast"),
    (r"ноттингем\w*", "Nottingham"), (r"лестер\w*", "Leicester"), (r"оксфорд\w*", "Oxford"),
    (r"кембридж\w*", "Cambridge"), (r"дарем\w*", "Durham"), (r"сандерленд\w*", "Sunderland"),
    (r"бейзингсток\w*", "Basingstoke"), (r"саутгемптон\w*", "Southampton"), (r"рединг\w*", "Reading"),
    (r"брайтон\w*", "Brighton"), (r"ковентри", "Coventry"), (r"брэдфорд\w*|бредфорд\w*", "Bradford"),
    (r"абердин\w*", "Aberdeen"), (r"милтон[- ]кинс\w*", "Milton Keynes"), (r"чешир\w*", "Cheshire"),
    (r"йоркшир\w*", "Yorkshire"), (r"шотланди\w*", "Scotland"), (r"уэльс\w*", "Wales"),
    (r"нью[- ]йорк\w*", "New York"), (r"йорк\w*", "York"),
    (r"великобритани\w*|британи\w*|англи[яиюе]|соединенн\w* королевств\w*", "UK"),
    (r"ереван\w*", "Yerevan"), (r"гюмри", "Gyumri"), (r"ванадзор\w*", "Vanadzor"), (r"сисиан\w*", "Sisian"),
    (r"армени\w*", "Armenia"), (r"тбилиси", "Tbilisi"), (r"грузи\w*", "Georgia"), (r"ирланди\w*", "Ireland"),
    (r"дублин\w*", "Dublin"), (r"вашингтон\w*", "Washington"), (r"сша|америк\w*", "USA"),
    (r"москв\w*", "Moscow"), (r"санкт[- ]петербург\w*|петербург\w*", "Saint Petersburg"), (r"минск\w*", "Minsk"),
    (r"киев\w*|київ\w*", "Kyiv"), (r"алмат\w*", "Almaty"), (r"астан\w*", "Astana"), (r"ташкент\w*", "Tashkent"),
    (r"баку", "Baku"), (r"новосибирск\w*", "Novosibirsk"), (r"екатеринбург\w*", "Yekaterinburg"),
    (r"казан\w*", "Kazan"), (r"берлин\w*", "Berlin"), (r"париж\w*", "Paris"), (r"дуба[йе]\w*", "Dubai"),
    (r"росси\w*|рф", "Russia"), (r"франци\w*", "France"), (r"германи\w*", "Germany"), (r"испани\w*", "Spain"),
    (r"итали\w*", "Italy"), (r"польш\w*", "Poland"), (r"украин\w*", "Ukraine"), (r"беларус\w*|белорусси\w*", "Belarus"),
    (r"казахстан\w*", "Kazakhstan"), (r"узбекистан\w*", "Uzbekistan"), (r"азербайджан\w*", "Azerbaijan"),
    (r"канад\w*", "Canada"), (r"турци\w*", "Turkey"), (r"оаэ|эмират\w*", "UAE"), (r"кита[йея]\w*", "China"),
    (r"инди[яию]", "India"), (r"израил\w*", "Israel"),
    # words that carry nothing for the search (a job, a vacancy, prepositions)
    (r"работ\w*|ваканси\w*|должност\w*|ищу|нужн\w*|хочу|требуется", ""),
)  # fmt: skip
_RU_RES = tuple((re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), english) for pattern, english in _RU)
_RU_STOP = re.compile(r"(?<!\w)(?:в|во|на|для|с|со|по|и|или|от|до|около|г\.?|город\w*)(?!\w)")
_RU_THOUSANDS = re.compile(r"(\d+)\s*(?:к|тыс\w*\.?)(?!\w)")
# ACCA, ACA, CPA typed with Cyrillic letters that look Latin (a Russian keyboard layout).
_LOOKALIKE = str.maketrans("АСРМТКЕНВОХасрмткеохв", "ACPMTKEHBOXacpmtkeoxb")
_LOOKALIKE_CODE = re.compile(r"(?<!\w)[АСРМТКЕНВОХ]{2,5}(?!\w)")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")


def _translate(text: str, typed: dict[str, str]) -> str:
    """Russian words as their English search terms; other text (Latin words, numbers) as it was. Places off the
    board are noted in `typed` as the user wrote them ("Moscow" -> "Москве"), to be named back in their words."""
    value = _LOOKALIKE_CODE.sub(lambda m: m.group(0).translate(_LOOKALIKE), text)
    if not _CYRILLIC.search(value):
        return value
    value = value.lower().replace("ё", "е")
    value = _RU_THOUSANDS.sub(r"\1k", value)
    for pattern, english in _RU_RES:

        def swap(m: re.Match[str], english: str = english) -> str:
            if english in ELSEWHERE:
                typed.setdefault(english, m.group(0)[:1].upper() + m.group(0)[1:])
            return f" {english} " if english else " "

        value = pattern.sub(swap, value)
    value = _RU_STOP.sub(" ", value)
    value = re.sub(r"(?<!\w)(" + "|".join(_QUALIFICATION_CODES) + r")(?!\w)", lambda m: m.group(1).upper(), value)
    return " ".join(value.split())


# ---------------------------------------------------------------- misspellings

# The domain's own words, which a typing slip is corrected towards. Role nouns, their modifiers, service lines
# and the finance vocabulary of titles.
DOMAIN_WORDS = frozenset(
    re.split(
        r"\s+",
        """accountant accountants accounts accounting account assistant auditor auditors audit bookkeeper bookkeeping
    payroll taxation tax treasury treasurer controller financial finance manager management director analyst
    administrator officer clerk receivable payable ledger purchase purchasing credit control reconciliation
    reconciliations budget budgeting forecasting forecast pensions pension partner business commercial senior
    junior graduate trainee apprentice apprenticeship qualified chartered interim contract contractor permanent
    temporary remote hybrid systems consultant adviser advisor specialist supervisor executive economist actuary
    actuarial insurance investment investments fund funds banking compliance revenue billing invoice invoicing
    expenses statutory reporting consolidation corporate practice internal external deputy chief leader lead
    coordinator processor technician cashier capital costing inventory procurement operations payments planning
    analysis transaction transactional valuation valuations forensic insolvency restructuring advisory assurance
    governance regulatory wealth mortgage lending credit collections income property portfolio projects project
    microfinance newly part time full day rate hospital charity council public sector group regional national
    international global fixed assets assistant accountancy principal associate lecturer teacher""",
    )
)
_QUALIFICATION_CODES = frozenset({"acca", "aca", "cima", "cipfa", "aat", "cpa", "cta", "att", "icaew", "icas"})


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Every place the board knows, lower case -> as written ("milton keynes" -> "Milton Keynes")."""
    names = [*UK_PLACES, *FOREIGN, *UK_REGIONS, *COUNTY_AREAS]
    out = {name.lower(): name for name in names}
    out.update({key: key.upper() if len(key) <= 3 else key.title() for key in COUNTRIES})
    return out


@lru_cache(maxsize=1)
def _targets() -> dict[str, str]:
    """Words a misspelling may be corrected to, lower case -> as shown."""
    targets = {word: word for word in DOMAIN_WORDS}
    for lowered, name in _places().items():
        if " " not in lowered:
            targets[lowered] = name
        else:  # each word of a name of several ("milton keynes"), as written in it
            for part, shown in zip(lowered.split(), name.split(), strict=False):
                if len(part) >= 5:
                    targets.setdefault(part, shown)
    return targets


def _known(word: str) -> bool:
    return (
        word in _targets() or word in _QUALIFICATION_CODES or word in roles.STOPWORDS or roles.stem(word) in _targets()
    )


def _correction(word: str) -> str | None:
    """The domain word `word` is a slip for, or None.

    One edit (an adjacent swap counts as one) for words of five to nine letters, two for longer ones; never the
    first letter; never a word the domain knows. A word of English (or a place name) in common use is a slip only
    when the domain word is far more common ("manger" for "manager"): "working" is not "Woking", "Northwich" not
    "Norwich" (word frequencies: `wordfreq`).
    """
    lowered = word.lower()
    if len(lowered) < 5 or not lowered.isalpha() or not lowered.isascii() or _known(lowered):
        return None
    seen = zipf_frequency(lowered, "en")
    if seen >= _COMMON:
        return None
    most = 1 if len(lowered) <= 9 else 2
    targets = _targets()
    choices = [t for t in targets if t[0] == lowered[0] and abs(len(t) - len(lowered)) <= most]
    found = process.extract(lowered, choices, scorer=OSA.distance, score_cutoff=most, limit=5)
    if not found:
        return None
    best = min(distance for _, distance, _ in found)
    nearest = sorted({target for target, distance, _ in found if distance == best})
    if len(nearest) > 1:  # two words as near: a guess would be as likely wrong as right
        return None
    if seen >= _RARE and zipf_frequency(nearest[0], "en") - seen < _FAR_MORE:
        return None
    return targets[nearest[0]]


_COMMON = 3.0
"""Zipf frequency (log10 of uses per billion words) from which a word is taken as meant: "manger" is 2.99."""
_RARE = 2.0
"""Below it a word is unknown enough to be a slip for any near domain word."""
_FAR_MORE = 1.9
"""Between the two, a slip only for a domain word this much more common (about 80 times)."""


# ---------------------------------------------------------------- places the board does not cover

ELSEWHERE = frozenset(
    """Moscow|Saint Petersburg|Minsk|Kyiv|Almaty|Astana|Tashkent|Baku|Novosibirsk|Yekaterinburg|Kazan|Berlin|Paris|
    Dubai|Madrid|Rome|Milan|Amsterdam|Brussels|Vienna|Warsaw|Prague|Zurich|Geneva|Frankfurt|Munich|Stockholm|Oslo|
    Copenhagen|Helsinki|Lisbon|Athens|Istanbul|Toronto|Vancouver|Sydney|Melbourne|Singapore|Hong Kong|Tokyo|Mumbai|
    Delhi|Bangalore|Shanghai|Beijing|Johannesburg|Cape Town|Lagos|Nairobi|Cairo|Chicago|Los Angeles|San Francisco|
    Boston|Houston|Dallas|Atlanta|Miami|Seattle|Russia|France|Germany|Spain|Italy|Poland|Ukraine|Belarus|Kazakhstan|
    Uzbekistan|Azerbaijan|Canada|Turkey|UAE|China|India|Israel|Australia|Japan|Netherlands|Belgium|Switzerland|
    Austria|Sweden|Norway|Denmark|Finland|Portugal|Greece|Nigeria|Kenya|Egypt|South Africa|Brazil|Mexico""".replace(
        "\n", ""
    ).split("|")
)
"""Cities and countries people name that this board (UK and Armenian ads) holds no jobs in: named, they are said to
be outside it rather than read as words to match."""
_ELSEWHERE_NAMES = {p.strip().lower(): p.strip() for p in ELSEWHERE}
_ELSEWHERE_RE = re.compile(
    r"(?i)(?:\b(?:in|near|at|around|from|based in)\s+)?\b("
    + "|".join(map(re.escape, sorted(_ELSEWHERE_NAMES)))
    + r")\b"
)


# ---------------------------------------------------------------- the reading


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    """The query in the search's own terms (English, corrected); the input when nothing changed."""
    changed: bool
    """Translated or corrected: the bot says what it searched for."""
    outside: tuple[str, ...]
    """Places named that the board covers no jobs in, as the user wrote them ("Moscow", "Москве")."""


def read(query: str) -> Reading:
    """The query in English with its slips corrected, and the places it names outside the board."""
    original = " ".join(query.split())
    typed: dict[str, str] = {}
    value = _translate(original, typed)

    def fix(m: re.Match[str]) -> str:
        return _correction(m.group(0)) or m.group(0)

    value = re.sub(r"[A-Za-z]+", fix, value)
    named = [_ELSEWHERE_NAMES[" ".join(m.group(1).lower().split())] for m in _ELSEWHERE_RE.finditer(value)]
    outside = tuple(dict.fromkeys(typed.get(name, name) for name in named))
    if outside:  # the place goes, with its "in", and no stray comma is left ("accountant in Paris, France")
        value = _ELSEWHERE_RE.sub(" ", value)
        value = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", re.sub(r"\s+([,;.])", r"\1", value)).strip(" ,;.-")
    value = " ".join(value.split())
    changed = value.lower() != original.lower() or bool(outside)
    return Reading(value, changed, outside)


def distinctive(words: list[str]) -> list[str]:
    """The words rare enough in English to name something ("kpmg", "deloitte", "mazars"), not "capital" or "half"."""
    return [w for w in words if w not in roles.STOPWORDS and zipf_frequency(w, "en") < _NAME_LIKE]


_NAME_LIKE = 4.0
"""Zipf frequency under which a word may be a firm's own name (KPMG 2.8, Deloitte 3.0; capital 5.0)."""


# The finance vocabulary that makes a word a sign of this board's field. Stems that only finance words begin with
# match inside words ("microfinance", "reconciliations"); short or common words only whole ("tax", not "taxi";
# "Sage", not "message"; "accounts", not "my account").
_FINANCE_MARK = re.compile(
    r"(?i)financ|audit|payroll|bookkeep|ledger|treasur|pension|budget|actuar|reconcil|insolven|procure|receivable|"
    r"payable|quickbooks|\baccount(?:s|ant|ants|ancy|ing)\b|\btax(?:es|ation)?\b|\bcredit\b|\binvest\w*|"
    r"\bfund(?:s|ing)?\b|\bbank(?:s|ing)?\b|\bcontroll?er\b|\bcfo\b|\bvat\b|\brevenue\b|\bcost(?:s|ing)?\b|"
    r"\bbilling\b|\binvoic\w*|\binsur\w*|\beconom\w*|\bfiscal\b|\bcash(?:ier)?\b|\bpurchas\w*|\bexpenses\b|"
    r"\bcomplian\w*|\brisk\b|\banalysts?\b|\bwealth\b|\bmortgages?\b|\bloans?\b|\bequity\b|\bassets?\b|"
    r"\bvaluation\w*|\bforensic\b|\bnhs\b|\bifrs\b|\bgaap\b|\bsap\b|\bxero\b|\bsage\b|\boracle\b|\bexcel\b|"
    r"\bp2p\b|\bbig (?:four|4)\b|"
    # a level or a role noun alone asks for jobs at it ("manager", "graduate", "assistant")
    r"\b(?:manager|director|senior|junior|graduate|trainee|apprentice|partner|clerk|officer|assistant|"
    r"administrator|consultant|adviser|advisor|specialist|supervisor|head of)s?\b"
)


def asks_for_finance(text: str) -> bool:
    """The words name a role, qualification, service or piece of finance vocabulary: something this board holds."""
    return bool(
        roles.family_of(text) is not None or qualifications_in(text) or service_line(text) or _FINANCE_MARK.search(text)
    )
