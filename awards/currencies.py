"""The currencies an award may be made in: their ISO 4217 minor units and their names per language.

The names are data, not catalogue strings: an award letter names its currency correctly in every
language we write letters in, even while a catalogue (locale/) lags behind. Each language maps a
code to its singular and plural name ("one" and "other"); Arabic letters use one form, as its
legal amounts customarily do (the counted noun in the singular after the number in words).
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
    "ar": {
        code: (word, word)
        for code, word in {
            "AUD": "دولار أسترالي",
            "BRL": "ريال برازيلي",
            "CAD": "دولار كندي",
            "CHF": "فرنك سويسري",
            "COP": "بيزو كولومبي",
            "DKK": "كرونة دنماركية",
            "EGP": "جنيه مصري",
            "EUR": "يورو",
            "GBP": "جنيه إسترليني",
            "INR": "روبية هندية",
            "JOD": "دينار أردني",
            "JPY": "ين ياباني",
            "KES": "شلن كيني",
            "KWD": "دينار كويتي",
            "LBP": "ليرة لبنانية",
            "MAD": "درهم مغربي",
            "MXN": "بيزو مكسيكي",
            "NGN": "نيرة نيجيرية",
            "NOK": "كرونة نرويجية",
            "RUB": "روبل روسي",
            "SEK": "كرونة سويدية",
            "TND": "دينار تونسي",
            "TRY": "ليرة تركية",
            "UAH": "هريفنيا أوكرانية",
            "UGX": "شلن أوغندي",
            "USD": "دولار أمريكي",
            "XAF": "فرنك وسط أفريقي",
            "XOF": "فرنك غرب أفريقي",
            "ZAR": "راند جنوب أفريقي",
        }.items()
    },
}

# Currencies whose name is feminine: the numbers agree with it ("une livre", "doscientas libras").
FEMININE: dict[str, frozenset[str]] = {
    "fr": frozenset({"DKK", "EGP", "GBP", "INR", "LBP", "NOK", "SEK", "TRY", "UAH"}),
    "es": frozenset({"DKK", "EGP", "GBP", "INR", "LBP", "NGN", "NOK", "SEK", "TRY", "UAH"}),
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
    singular = count in (0, 1) if language_of(language) == "fr" else count == 1
    return one if singular else other


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
