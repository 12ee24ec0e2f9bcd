"""The currencies an award may be made in: their ISO 4217 minor units and their names per language.

The names are data, not catalogue strings: an award letter names its currency correctly in every
language we write letters in, even while a catalogue (locale/) lags behind. Each language maps a
code to its singular and plural name ("one" and "other"); Arabic, which counts its noun in four
forms, has its own table (ARABIC).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 minor units: how many decimals an amount in the currency has.
DECIMALS: dict[str, int] = {
    "AUD": 2,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "COP": 2,
    "DKK": 2,
    "EGP": 2,
    "EUR": 2,
    "GBP": 2,
    "INR": 2,
    "JOD": 3,
    "JPY": 0,
    "KES": 2,
    "KWD": 3,
    "LBP": 2,
    "MAD": 2,
    "MXN": 2,
    "NGN": 2,
    "NOK": 2,
    "RUB": 2,
    "SEK": 2,
    "TND": 3,
    "TRY": 2,
    "UAH": 2,
    "UGX": 0,
    "USD": 2,
    "XAF": 0,
    "XOF": 0,
    "ZAR": 2,
}

# Arabic counts its noun by the number's last two digits: singular after 1 (noun first: "دولار
# أمريكي واحد"), the dual alone for 2, the plural from 3 to 10, the accusative singular from 11 to
# 99, the genitive singular after 100 or a round thousand. Forms: (singular, dual, plural, accusative).
ARABIC: dict[str, tuple[str, str, str, str]] = {
    "AUD": ("دولار أسترالي", "دولاران أستراليان", "دولارات أسترالية", "دولاراً أسترالياً"),
    "BRL": ("ريال برازيلي", "ريالان برازيليان", "ريالات برازيلية", "ريالاً برازيلياً"),
    "CAD": ("دولار كندي", "دولاران كنديان", "دولارات كندية", "دولاراً كندياً"),
    "CHF": ("فرنك سويسري", "فرنكان سويسريان", "فرنكات سويسرية", "فرنكاً سويسرياً"),
    "COP": ("بيزو كولومبي", "بيزوان كولومبيان", "بيزوات كولومبية", "بيزو كولومبياً"),
    "DKK": ("كرونة دنماركية", "كرونتان دنماركيتان", "كرونات دنماركية", "كرونة دنماركية"),
    "EGP": ("جنيه مصري", "جنيهان مصريان", "جنيهات مصرية", "جنيهاً مصرياً"),
    "EUR": ("يورو", "يوروان", "يوروات", "يورو"),
    "GBP": ("جنيه إسترليني", "جنيهان إسترلينيان", "جنيهات إسترلينية", "جنيهاً إسترلينياً"),
    "INR": ("روبية هندية", "روبيتان هنديتان", "روبيات هندية", "روبية هندية"),
    "JOD": ("دينار أردني", "ديناران أردنيان", "دنانير أردنية", "ديناراً أردنياً"),
    "JPY": ("ين ياباني", "ينان يابانيان", "ينات يابانية", "يناً يابانياً"),
    "KES": ("شلن كيني", "شلنان كينيان", "شلنات كينية", "شلناً كينياً"),
    "KWD": ("دينار كويتي", "ديناران كويتيان", "دنانير كويتية", "ديناراً كويتياً"),
    "LBP": ("ليرة لبنانية", "ليرتان لبنانيتان", "ليرات لبنانية", "ليرة لبنانية"),
    "MAD": ("درهم مغربي", "درهمان مغربيان", "دراهم مغربية", "درهماً مغربياً"),
    "MXN": ("بيزو مكسيكي", "بيزوان مكسيكيان", "بيزوات مكسيكية", "بيزو مكسيكياً"),
    "NGN": ("نيرة نيجيرية", "نيرتان نيجيريتان", "نيرات نيجيرية", "نيرة نيجيرية"),
    "NOK": ("كرونة نرويجية", "كرونتان نرويجيتان", "كرونات نرويجية", "كرونة نرويجية"),
    "RUB": ("روبل روسي", "روبلان روسيان", "روبلات روسية", "روبلاً روسياً"),
    "SEK": ("كرونة سويدية", "كرونتان سويديتان", "كرونات سويدية", "كرونة سويدية"),
    "TND": ("دينار تونسي", "ديناران تونسيان", "دنانير تونسية", "ديناراً تونسياً"),
    "TRY": ("ليرة تركية", "ليرتان تركيتان", "ليرات تركية", "ليرة تركية"),
    "UAH": ("هريفنيا أوكرانية", "هريفنيتان أوكرانيتان", "هريفنيات أوكرانية", "هريفنيا أوكرانية"),
    "UGX": ("شلن أوغندي", "شلنان أوغنديان", "شلنات أوغندية", "شلناً أوغندياً"),
    "USD": ("دولار أمريكي", "دولاران أمريكيان", "دولارات أمريكية", "دولاراً أمريكياً"),
    "XAF": ("فرنك وسط أفريقي", "فرنكان وسط أفريقيان", "فرنكات وسط أفريقية", "فرنكاً وسط أفريقياً"),
    "XOF": ("فرنك غرب أفريقي", "فرنكان غرب أفريقيان", "فرنكات غرب أفريقية", "فرنكاً غرب أفريقياً"),
    "ZAR": ("راند جنوب أفريقي", "راندان جنوب أفريقيان", "راندات جنوب أفريقية", "رانداً جنوب أفريقياً"),
}

# (one, other) per language; Arabic has one form.
NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "AUD": ("Australian dollar", "Australian dollars"),
        "BRL": ("Brazilian real", "Brazilian reais"),
        "CAD": ("Canadian dollar", "Canadian dollars"),
        "CHF": ("Swiss franc", "Swiss francs"),
        "COP": ("Colombian peso", "Colombian pesos"),
        "DKK": ("Danish krone", "Danish kroner"),
        "EGP": ("Egyptian pound", "Egyptian pounds"),
        "EUR": ("euro", "euros"),
        "GBP": ("pound sterling", "pounds sterling"),
        "INR": ("Indian rupee", "Indian rupees"),
        "JOD": ("Jordanian dinar", "Jordanian dinars"),
        "JPY": ("Japanese yen", "Japanese yen"),
        "KES": ("Kenyan shilling", "Kenyan shillings"),
        "KWD": ("Kuwaiti dinar", "Kuwaiti dinars"),
        "LBP": ("Lebanese pound", "Lebanese pounds"),
        "MAD": ("Moroccan dirham", "Moroccan dirhams"),
        "MXN": ("Mexican peso", "Mexican pesos"),
        "NGN": ("Nigerian naira", "Nigerian naira"),
        "NOK": ("Norwegian krone", "Norwegian kroner"),
        "RUB": ("Russian rouble", "Russian roubles"),
        "SEK": ("Swedish krona", "Swedish kronor"),
        "TND": ("Tunisian dinar", "Tunisian dinars"),
        "TRY": ("Turkish lira", "Turkish lira"),
        "UAH": ("Ukrainian hryvnia", "Ukrainian hryvnias"),
        "UGX": ("Ugandan shilling", "Ugandan shillings"),
        "USD": ("US dollar", "US dollars"),
        "XAF": ("Central African CFA franc", "Central African CFA francs"),
        "XOF": ("West African CFA franc", "West African CFA francs"),
        "ZAR": ("South African rand", "South African rand"),
    },
    "fr": {
        "AUD": ("dollar australien", "dollars australiens"),
        "BRL": ("réal brésilien", "réals brésiliens"),
        "CAD": ("dollar canadien", "dollars canadiens"),
        "CHF": ("franc suisse", "francs suisses"),
        "COP": ("peso colombien", "pesos colombiens"),
        "DKK": ("couronne danoise", "couronnes danoises"),
        "EGP": ("livre égyptienne", "livres égyptiennes"),
        "EUR": ("euro", "euros"),
        "GBP": ("livre sterling", "livres sterling"),
        "INR": ("roupie indienne", "roupies indiennes"),
        "JOD": ("dinar jordanien", "dinars jordaniens"),
        "JPY": ("yen", "yens"),
        "KES": ("shilling kényan", "shillings kényans"),
        "KWD": ("dinar koweïtien", "dinars koweïtiens"),
        "LBP": ("livre libanaise", "livres libanaises"),
        "MAD": ("dirham marocain", "dirhams marocains"),
        "MXN": ("peso mexicain", "pesos mexicains"),
        "NGN": ("naira", "nairas"),
        "NOK": ("couronne norvégienne", "couronnes norvégiennes"),
        "RUB": ("rouble russe", "roubles russes"),
        "SEK": ("couronne suédoise", "couronnes suédoises"),
        "TND": ("dinar tunisien", "dinars tunisiens"),
        "TRY": ("livre turque", "livres turques"),
        "UAH": ("hryvnia", "hryvnias"),
        "UGX": ("shilling ougandais", "shillings ougandais"),
        "USD": ("dollar des États-Unis", "dollars des États-Unis"),
        "XAF": ("franc CFA (BEAC)", "francs CFA (BEAC)"),
        "XOF": ("franc CFA (BCEAO)", "francs CFA (BCEAO)"),
        "ZAR": ("rand", "rands"),
    },
    "es": {
        "AUD": ("dólar australiano", "dólares australianos"),
        "BRL": ("real brasileño", "reales brasileños"),
        "CAD": ("dólar canadiense", "dólares canadienses"),
        "CHF": ("franco suizo", "francos suizos"),
        "COP": ("peso colombiano", "pesos colombianos"),
        "DKK": ("corona danesa", "coronas danesas"),
        "EGP": ("libra egipcia", "libras egipcias"),
        "EUR": ("euro", "euros"),
        "GBP": ("libra esterlina", "libras esterlinas"),
        "INR": ("rupia india", "rupias indias"),
        "JOD": ("dinar jordano", "dinares jordanos"),
        "JPY": ("yen", "yenes"),
        "KES": ("chelín keniano", "chelines kenianos"),
        "KWD": ("dinar kuwaití", "dinares kuwaitíes"),
        "LBP": ("libra libanesa", "libras libanesas"),
        "MAD": ("dírham marroquí", "dírhams marroquíes"),
        "MXN": ("peso mexicano", "pesos mexicanos"),
        "NGN": ("naira", "nairas"),
        "NOK": ("corona noruega", "coronas noruegas"),
        "RUB": ("rublo ruso", "rublos rusos"),
        "SEK": ("corona sueca", "coronas suecas"),
        "TND": ("dinar tunecino", "dinares tunecinos"),
        "TRY": ("lira turca", "liras turcas"),
        "UAH": ("grivna", "grivnas"),
        "UGX": ("chelín ugandés", "chelines ugandeses"),
        "USD": ("dólar estadounidense", "dólares estadounidenses"),
        "XAF": ("franco CFA de África Central", "francos CFA de África Central"),
        "XOF": ("franco CFA de África Occidental", "francos CFA de África Occidental"),
        "ZAR": ("rand", "rands"),
    },
    "ar": {code: (forms[0], forms[2]) for code, forms in ARABIC.items()},
}

# Currencies whose name is feminine: the numbers agree with it ("une livre", "doscientas libras").
FEMININE: dict[str, frozenset[str]] = {
    "fr": frozenset({"DKK", "EGP", "GBP", "INR", "LBP", "NOK", "SEK", "TRY", "UAH"}),
    "es": frozenset({"DKK", "EGP", "GBP", "INR", "LBP", "NGN", "NOK", "SEK", "TRY", "UAH"}),
    "ar": frozenset({"DKK", "INR", "LBP", "NGN", "NOK", "SEK", "TRY", "UAH"}),
}

CURRENCY_CHOICES: list[tuple[str, str]] = [(code, code) for code in sorted(DECIMALS)]


def language_of(language: str) -> str:
    """ "fr-ca" -> "fr"; a language we have no names in -> "en"."""
    base = (language or "").split("-")[0].split("_")[0].lower()
    return base if base in NAMES else "en"


def decimals(code: str) -> int:
    """The currency's ISO 4217 minor units. Raises ValueError for a currency not in the table:
    guessing two places would write a wrong amount for a dinar."""
    try:
        return DECIMALS[code.upper()]
    except KeyError:
        raise ValueError(f"Unknown currency: {code!r}") from None


def name(code: str, language: str, *, count: int = 2) -> str:
    """The currency's name for `count` units in `language`, else in English, else its code."""
    code = code.upper()
    forms = NAMES[language_of(language)].get(code) or NAMES["en"].get(code)
    if forms is None:
        return code
    one, other = forms
    if language_of(language) == "ar" and code in ARABIC:
        return arabic_counted(code, count)
    singular = count in (0, 1) if language_of(language) == "fr" else count == 1
    return one if singular else other


def arabic_counted(code: str, count: int) -> str:
    """The form of the currency's Arabic name that follows `count` (see ARABIC)."""
    singular, dual, plural, accusative = ARABIC[code.upper()]
    last_two = count % 100
    if count == 2:
        return dual
    if 3 <= last_two <= 10:
        return plural
    if 11 <= last_two <= 99:
        return accusative
    return singular


def is_feminine(code: str, language: str) -> bool:
    return code.upper() in FEMININE.get(language_of(language), frozenset())


def quantize(amount: Decimal, code: str, *, rounding: str | None = None) -> Decimal:
    """`amount` with exactly the currency's decimals ("12.5" USD -> "12.50").

    Without `rounding`, an amount that does not fit (12.345 USD) raises ValueError rather than
    being rounded silently; pass e.g. decimal.ROUND_HALF_UP to round."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"An amount is a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError(f"Not an amount: {amount}")
    exponent = Decimal(1).scaleb(-decimals(code))
    try:
        quantized = amount.quantize(exponent, rounding=rounding or ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"Amount too large: {amount}") from None
    if rounding is None and quantized != amount:
        raise ValueError(f"{amount} has more decimals than {code.upper()} allows ({decimals(code)})")
    return quantized
