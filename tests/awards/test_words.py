"""Award amounts in words: the whole part in words, the minor units in figures, the currency named
in the letter's language. Expected strings are written out, checked by eye, never computed."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from awards import currencies
from awards.words import amount_in_words

AMOUNTS = ["0", "1", "2", "11", "21", "100", "1001", "12345.67", "1000000"]
# XOF has no minor units: 12345 stands for 12345.67; KWD has three: 12345.670.
AMOUNT_FOR = {"XOF": {"12345.67": "12345"}, "KWD": {"12345.67": "12345.670"}}

EXPECTED = {
    ("USD", "en"): [
        "zero US dollars and 00/100",
        "one US dollar and 00/100",
        "two US dollars and 00/100",
        "eleven US dollars and 00/100",
        "twenty-one US dollars and 00/100",
        "one hundred US dollars and 00/100",
        "one thousand and one US dollars and 00/100",
        "twelve thousand, three hundred and forty-five US dollars and 67/100",
        "one million US dollars and 00/100",
    ],
    ("USD", "fr"): [
        "zéro dollar des États-Unis et 00/100",
        "un dollar des États-Unis et 00/100",
        "deux dollars des États-Unis et 00/100",
        "onze dollars des États-Unis et 00/100",
        "vingt et un dollars des États-Unis et 00/100",
        "cent dollars des États-Unis et 00/100",
        "mille un dollars des États-Unis et 00/100",
        "douze mille trois cent quarante-cinq dollars des États-Unis et 67/100",
        "un million de dollars des États-Unis et 00/100",
    ],
    ("USD", "es"): [
        "cero dólares estadounidenses con 00/100",
        "un dólar estadounidense con 00/100",
        "dos dólares estadounidenses con 00/100",
        "once dólares estadounidenses con 00/100",
        "veintiún dólares estadounidenses con 00/100",
        "cien dólares estadounidenses con 00/100",
        "mil un dólares estadounidenses con 00/100",
        "doce mil trescientos cuarenta y cinco dólares estadounidenses con 67/100",
        "un millón de dólares estadounidenses con 00/100",
    ],
    ("USD", "ar"): [
        "صفر دولار أمريكي و00/100",
        "دولار أمريكي واحد و00/100",
        "دولاران أمريكيان و00/100",
        "أحد عشر دولاراً أمريكياً و00/100",
        "واحد وعشرون دولاراً أمريكياً و00/100",
        "مائة دولار أمريكي و00/100",
        "ألف وواحد دولار أمريكي و00/100",
        "اثنا عشر ألفاً وثلاثمائة وخمسة وأربعون دولاراً أمريكياً و67/100",
        "مليون دولار أمريكي و00/100",
    ],
    ("EUR", "en"): [
        "zero euros and 00/100",
        "one euro and 00/100",
        "two euros and 00/100",
        "eleven euros and 00/100",
        "twenty-one euros and 00/100",
        "one hundred euros and 00/100",
        "one thousand and one euros and 00/100",
        "twelve thousand, three hundred and forty-five euros and 67/100",
        "one million euros and 00/100",
    ],
    ("EUR", "fr"): [
        "zéro euro et 00/100",
        "un euro et 00/100",
        "deux euros et 00/100",
        "onze euros et 00/100",
        "vingt et un euros et 00/100",
        "cent euros et 00/100",
        "mille un euros et 00/100",
        "douze mille trois cent quarante-cinq euros et 67/100",
        "un million d'euros et 00/100",
    ],
    ("EUR", "es"): [
        "cero euros con 00/100",
        "un euro con 00/100",
        "dos euros con 00/100",
        "once euros con 00/100",
        "veintiún euros con 00/100",
        "cien euros con 00/100",
        "mil un euros con 00/100",
        "doce mil trescientos cuarenta y cinco euros con 67/100",
        "un millón de euros con 00/100",
    ],
    ("EUR", "ar"): [
        "صفر يورو و00/100",
        "يورو واحد و00/100",
        "يوروان و00/100",
        "أحد عشر يورو و00/100",
        "واحد وعشرون يورو و00/100",
        "مائة يورو و00/100",
        "ألف وواحد يورو و00/100",
        "اثنا عشر ألفاً وثلاثمائة وخمسة وأربعون يورو و67/100",
        "مليون يورو و00/100",
    ],
    ("XOF", "en"): [
        "zero West African CFA francs",
        "one West African CFA franc",
        "two West African CFA francs",
        "eleven West African CFA francs",
        "twenty-one West African CFA francs",
        "one hundred West African CFA francs",
        "one thousand and one West African CFA francs",
        "twelve thousand, three hundred and forty-five West African CFA francs",
        "one million West African CFA francs",
    ],
    ("XOF", "fr"): [
        "zéro franc CFA (BCEAO)",
        "un franc CFA (BCEAO)",
        "deux francs CFA (BCEAO)",
        "onze francs CFA (BCEAO)",
        "vingt et un francs CFA (BCEAO)",
        "cent francs CFA (BCEAO)",
        "mille un francs CFA (BCEAO)",
        "douze mille trois cent quarante-cinq francs CFA (BCEAO)",
        "un million de francs CFA (BCEAO)",
    ],
    ("XOF", "es"): [
        "cero francos CFA de África Occidental",
        "un franco CFA de África Occidental",
        "dos francos CFA de África Occidental",
        "once francos CFA de África Occidental",
        "veintiún francos CFA de África Occidental",
        "cien francos CFA de África Occidental",
        "mil un francos CFA de África Occidental",
        "doce mil trescientos cuarenta y cinco francos CFA de África Occidental",
        "un millón de francos CFA de África Occidental",
    ],
    ("XOF", "ar"): [
        "صفر فرنك غرب أفريقي",
        "فرنك غرب أفريقي واحد",
        "فرنكان غرب أفريقيان",
        "أحد عشر فرنكاً غرب أفريقياً",
        "واحد وعشرون فرنكاً غرب أفريقياً",
        "مائة فرنك غرب أفريقي",
        "ألف وواحد فرنك غرب أفريقي",
        "اثنا عشر ألفاً وثلاثمائة وخمسة وأربعون فرنكاً غرب أفريقياً",
        "مليون فرنك غرب أفريقي",
    ],
    ("KWD", "en"): [
        "zero Kuwaiti dinars and 000/1000",
        "one Kuwaiti dinar and 000/1000",
        "two Kuwaiti dinars and 000/1000",
        "eleven Kuwaiti dinars and 000/1000",
        "twenty-one Kuwaiti dinars and 000/1000",
        "one hundred Kuwaiti dinars and 000/1000",
        "one thousand and one Kuwaiti dinars and 000/1000",
        "twelve thousand, three hundred and forty-five Kuwaiti dinars and 670/1000",
        "one million Kuwaiti dinars and 000/1000",
    ],
    ("KWD", "fr"): [
        "zéro dinar koweïtien et 000/1000",
        "un dinar koweïtien et 000/1000",
        "deux dinars koweïtiens et 000/1000",
        "onze dinars koweïtiens et 000/1000",
        "vingt et un dinars koweïtiens et 000/1000",
        "cent dinars koweïtiens et 000/1000",
        "mille un dinars koweïtiens et 000/1000",
        "douze mille trois cent quarante-cinq dinars koweïtiens et 670/1000",
        "un million de dinars koweïtiens et 000/1000",
    ],
    ("KWD", "es"): [
        "cero dinares kuwaitíes con 000/1000",
        "un dinar kuwaití con 000/1000",
        "dos dinares kuwaitíes con 000/1000",
        "once dinares kuwaitíes con 000/1000",
        "veintiún dinares kuwaitíes con 000/1000",
        "cien dinares kuwaitíes con 000/1000",
        "mil un dinares kuwaitíes con 000/1000",
        "doce mil trescientos cuarenta y cinco dinares kuwaitíes con 670/1000",
        "un millón de dinares kuwaitíes con 000/1000",
    ],
    ("KWD", "ar"): [
        "صفر دينار كويتي و000/1000",
        "دينار كويتي واحد و000/1000",
        "ديناران كويتيان و000/1000",
        "أحد عشر ديناراً كويتياً و000/1000",
        "واحد وعشرون ديناراً كويتياً و000/1000",
        "مائة دينار كويتي و000/1000",
        "ألف وواحد دينار كويتي و000/1000",
        "اثنا عشر ألفاً وثلاثمائة وخمسة وأربعون ديناراً كويتياً و670/1000",
        "مليون دينار كويتي و000/1000",
    ],
}


@pytest.mark.parametrize(
    ("currency", "language", "amount", "expected"),
    [
        (currency, language, AMOUNT_FOR.get(currency, {}).get(amount, amount), text)
        for (currency, language), texts in EXPECTED.items()
        for amount, text in zip(AMOUNTS, texts, strict=True)
    ],
)
def test_an_amount_in_words(currency, language, amount, expected):
    assert amount_in_words(Decimal(amount), currency, language) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        # A feminine currency: the number agrees with it, but not "millones" or "million".
        ("1", "GBP", "fr", "une livre sterling et 00/100"),
        ("21", "GBP", "fr", "vingt et une livres sterling et 00/100"),
        ("201000000", "GBP", "fr", "deux cent un millions de livres sterling et 00/100"),
        ("1", "GBP", "es", "una libra esterlina con 00/100"),
        ("21", "GBP", "es", "veintiuna libras esterlinas con 00/100"),
        ("200000", "GBP", "es", "doscientas mil libras esterlinas con 00/100"),
        ("201000000", "GBP", "es", "doscientos un millones de libras esterlinas con 00/100"),
        ("1", "GBP", "en", "one pound sterling and 00/100"),
        # Spanish "uno" before a noun, "mil" or "millones".
        ("21000", "USD", "es", "veintiún mil dólares estadounidenses con 00/100"),
        ("2000000", "EUR", "es", "dos millones de euros con 00/100"),
        ("2000000", "EUR", "fr", "deux millions d'euros et 00/100"),
        ("1000000000", "CHF", "fr", "un milliard de francs suisses et 00/100"),
        # Three decimals, and zero decimals of another currency.
        ("0.005", "KWD", "en", "zero Kuwaiti dinars and 005/1000"),
        ("7.5", "TND", "fr", "sept dinars tunisiens et 500/1000"),
        ("5000", "UGX", "en", "five thousand Ugandan shillings"),
        # num2words repeats its scale word for a group ending in 1 above 100: written as parts.
        ("201000", "USD", "ar", "مئتا ألف وألف دولار أمريكي و00/100"),
        ("301001", "USD", "ar", "ثلاثمائة ألف وألف وواحد دولار أمريكي و00/100"),
        ("201000000", "EUR", "ar", "مئتا مليون ومليون يورو و00/100"),
        # Arabic counts its noun by the last two digits: plural from 3 to 10, accusative above.
        ("3", "USD", "ar", "ثلاثة دولارات أمريكية و00/100"),
        ("110", "KWD", "ar", "مائة وعشرة دنانير كويتية و000/1000"),
        ("150", "USD", "ar", "مائة وخمسون دولاراً أمريكياً و00/100"),
        # A feminine currency: the units agree with it, "one" follows it, two is its dual.
        ("1", "LBP", "ar", "ليرة لبنانية واحدة و00/100"),
        ("2", "LBP", "ar", "ليرتان لبنانيتان و00/100"),
        ("3", "LBP", "ar", "ثلاث ليرات لبنانية و00/100"),
        ("11", "LBP", "ar", "إحدى عشرة ليرة لبنانية و00/100"),
        ("21", "TRY", "ar", "إحدى وعشرون ليرة تركية و00/100"),
        # An amount stored with the database's three places is fine when they are zeros.
        ("12345.670", "USD", "en", "twelve thousand, three hundred and forty-five US dollars and 67/100"),
        ("12345.000", "XOF", "fr", "douze mille trois cent quarante-cinq francs CFA (BCEAO)"),
        # A regional variant is its language; a language we do not write letters in is English.
        ("2", "USD", "fr-ca", "deux dollars des États-Unis et 00/100"),
        ("2", "USD", "de", "two US dollars and 00/100"),
        ("2", "usd", "en", "two US dollars and 00/100"),
    ],
)
def test_the_number_agrees_with_the_currency(amount, currency, language, expected):
    assert amount_in_words(Decimal(amount), currency, language) == expected


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("-1", "USD"), ("-0.01", "EUR"), ("12.345", "USD"), ("1.5", "XOF"), ("1.0001", "KWD"), ("NaN", "USD")],
)
def test_a_negative_amount_or_too_many_decimals_is_refused(amount, currency):
    with pytest.raises(ValueError):
        amount_in_words(Decimal(amount), currency, "en")


def test_an_amount_is_a_decimal_and_a_currency_is_known():
    with pytest.raises(TypeError):
        amount_in_words(12.5, "USD", "en")
    with pytest.raises(ValueError, match="Unknown currency"):
        amount_in_words(Decimal(1), "XYZ", "en")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [("12.5", "USD", "12.50"), ("12", "KWD", "12.000"), ("12.000", "XOF", "12"), ("-3.1", "EUR", "-3.10")],
)
def test_quantize_gives_the_currency_its_places(amount, currency, expected):
    assert str(currencies.quantize(Decimal(amount), currency)) == expected


def test_quantize_refuses_to_round_unless_told_how():
    with pytest.raises(ValueError, match="more decimals"):
        currencies.quantize(Decimal("12.345"), "USD")
    assert str(currencies.quantize(Decimal("12.345"), "USD", rounding=ROUND_HALF_UP)) == "12.35"
    assert str(currencies.quantize(Decimal("0.5"), "JPY", rounding=ROUND_HALF_UP)) == "1"


# ISO 4217's minor units, copied from the standard's list one by one.
ISO_4217 = {
    "AUD": 2, "BRL": 2, "CAD": 2, "CHF": 2, "COP": 2, "DKK": 2, "EGP": 2, "EUR": 2, "GBP": 2, "INR": 2,
    "JOD": 3, "JPY": 0, "KES": 2, "KWD": 3, "LBP": 2, "MAD": 2, "MXN": 2, "NGN": 2, "NOK": 2, "RUB": 2,
    "SEK": 2, "TND": 3, "TRY": 2, "UAH": 2, "UGX": 0, "USD": 2, "XAF": 0, "XOF": 0, "ZAR": 2,
}  # fmt: skip


def test_the_table_has_iso_4217_minor_units():
    assert currencies.DECIMALS == ISO_4217
    assert [currencies.decimals(code) for code in ("usd", "KWD", "XOF")] == [2, 3, 0]
    with pytest.raises(ValueError):
        currencies.decimals("XYZ")


def test_every_currency_is_named_in_every_language():
    for language in ("en", "fr", "es", "ar"):
        assert set(currencies.NAMES[language]) == set(currencies.DECIMALS), language
    assert [code for code, _label in currencies.CURRENCY_CHOICES] == sorted(currencies.DECIMALS)


@pytest.mark.parametrize(
    ("code", "language", "count", "expected"),
    [
        ("USD", "en", 1, "US dollar"),
        ("USD", "en", 0, "US dollars"),
        ("USD", "fr", 0, "dollar des États-Unis"),
        ("USD", "es", 0, "dólares estadounidenses"),
        ("KWD", "ar", 5, "دنانير كويتية"),
        ("KWD", "de", 5, "Kuwaiti dinars"),
        ("XYZ", "fr", 5, "XYZ"),
    ],
)
def test_a_name_falls_back_to_english_then_to_the_code(code, language, count, expected):
    assert currencies.name(code, language, count=count) == expected
