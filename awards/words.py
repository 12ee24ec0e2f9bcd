"""An award's amount in words, as an award letter writes it: "twelve thousand, three hundred and
forty-five US dollars and 67/100".

The whole part is num2words' cardinal number in the letter's language, the minor units are in
figures over 10**decimals ("67/100"; "500/1000" for a dinar; none for a franc CFA), and the
currency's name comes from awards.currencies. num2words' `to_currency` is never used: it names
the US dollar as Saudi riyals in Arabic, refuses dinars and francs CFA in English and French, and
rounds three-decimal currencies in Spanish.

The sentence around those parts is a pattern per language kept here, not a catalogue string: the
legal text of a letter must not depend on a catalogue (locale/) being complete, and a half-done
translation must not turn "and 67/100" into English inside a French letter. A language without a
pattern is written in English.
"""

from decimal import Decimal

from num2words import num2words
from num2words.lang_AR import Num2Word_AR

from awards import currencies

# (with minor units, without): a currency with 0 decimals has no minor part.
# {counted} is the number in words with the currency's name ("vingt et un dollars des États-Unis").
PATTERNS: dict[str, tuple[str, str]] = {
    "en": ("{counted} and {minor}", "{counted}"),
    "fr": ("{counted} et {minor}", "{counted}"),
    "es": ("{counted} con {minor}", "{counted}"),
    "ar": ("{counted} و{minor}", "{counted}"),
}

_ES_MILLIONS = {"millón", "millones", "billón", "billones"}
_FR_MILLIONS = {"million", "millions", "milliard", "milliards", "billion", "billions"}
_ES_HUNDREDS = {
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
}
_FR_VOWELS = tuple("aeiouyàâéèêëîïôûù")


def _spanish(words: str, currency: str, *, feminine: bool) -> str:
    """Spanish numbers before a noun: "veintiún dólares", "veintiuna libras", "doscientas libras",
    "doscientos un millones", "un millón de dólares" (num2words writes them as counted alone)."""
    tokens = words.split(" ")
    last_million = max((i for i, token in enumerate(tokens) if token in _ES_MILLIONS), default=-1)
    for i, token in enumerate(tokens):
        if token in ("uno", "veintiuno"):
            at_end = i == len(tokens) - 1
            if at_end and feminine:
                tokens[i] = token[:-1] + "a"
            else:  # before a masculine noun, "mil" or "millones"
                tokens[i] = "un" if token == "uno" else "veintiún"
        elif feminine and token in _ES_HUNDREDS and i > last_million:  # "doscientos millones de libras"
            tokens[i] = token[:-2] + "as"
    if tokens[-1] in _ES_MILLIONS:
        tokens.append("de")
    return " ".join(tokens) + " " + currency


def _french(words: str, currency: str, *, feminine: bool) -> str:
    """French numbers before a noun: "vingt et une livres", "un million de dollars", "un million d'euros"."""
    if feminine and (words == "un" or words.endswith(" un")):
        words += "e"
    if words.split(" ")[-1] in _FR_MILLIONS:
        return words + (" d'" if currency.lower().startswith(_FR_VOWELS) else " de ") + currency
    return words + " " + currency


def _arabic_cardinal(number: int, *, feminine: bool) -> str:
    """num2words' Arabic cardinal, its units agreeing with a feminine noun ("إحدى عشرة ليرة")."""
    converter = Num2Word_AR()
    converter.to_cardinal(0)  # sets the converter up for bare numbers, with no currency named
    converter.isCurrencyNameFeminine = feminine
    return converter.convert(value=number).strip()


def _arabic_number(whole: int, *, feminine: bool) -> str:
    """The number, except where num2words repeats its scale word: a group of thousands or
    millions ending in 1 above 100 (201,000 -> "مئتان و ألف ألف"). Such a number is written as its
    parts, the customary way: "مئتا ألف وألف"."""
    groups = []
    rest, scale = whole, 0
    while rest:
        rest, group = divmod(rest, 1000)
        groups.append((group, scale))
        scale += 1
    if not any(scale and group > 100 and group % 100 == 1 for group, scale in groups):
        terms = [whole]
    else:
        terms = []
        for group, scale in reversed(groups):
            if scale and group > 100 and group % 100 == 1:
                terms += [(group - 1) * 1000**scale, 1000**scale]
            elif group:
                terms.append(group * 1000**scale)
    text = " و ".join(_arabic_cardinal(term, feminine=feminine) for term in terms)
    return text.replace(" و ", " و")  # "and" is written joined to the word it precedes


def _arabic(whole: int, code: str) -> str:
    """The number with its counted noun: "دولار أمريكي واحد", "دولاران أمريكيان", "ثلاثة دولارات
    أمريكية", "أحد عشر دولاراً أمريكياً", "مائة دولار أمريكي"."""
    feminine = currencies.is_feminine(code, "ar")
    noun = currencies.name(code, "ar", count=whole)
    if whole == 1:
        return f"{noun} {'واحدة' if feminine else 'واحد'}"
    if whole == 2:
        return noun
    return f"{_arabic_number(whole, feminine=feminine)} {noun}"


def amount_in_words(amount: Decimal, currency: str, language: str) -> str:
    """`amount` of `currency` in words in `language` (en, fr, es, ar; others in English).

    Raises ValueError for a negative amount, one with more decimals than the currency has, or a
    currency not in awards.currencies; TypeError for an amount that is not a Decimal."""
    code = currency.upper()
    amount = currencies.quantize(amount, code)  # raises for a float, NaN or too many decimals
    if amount < 0:
        raise ValueError(f"A negative amount has no words: {amount}")
    language = currencies.language_of(language)
    places = currencies.decimals(code)
    whole = int(amount)
    minor = int((amount - whole).scaleb(places))

    words = "" if language == "ar" else num2words(whole, lang=language)
    name = currencies.name(code, language, count=whole)
    feminine = currencies.is_feminine(code, language)
    if language == "ar":
        counted = _arabic(whole, code)
    elif language == "es":
        counted = _spanish(words, name, feminine=feminine)
    elif language == "fr":
        counted = _french(words, name, feminine=feminine)
    else:
        counted = f"{words} {name}"

    with_minor, without = PATTERNS.get(language, PATTERNS["en"])
    if places == 0:
        return without.format(counted=counted)
    return with_minor.format(counted=counted, minor=f"{minor:0{places}d}/{10**places}")
