"""Two published calls for the demo (seed_demo): a programmatic one whose form uses every
question type, and a rolling rapid-response one with a short form. English and Arabic.

Made directly with the ORM: demo data, not a staff member's action, so nothing is audited."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from grants.models import RFP, Question, Section

T = Question.Type

PROGRAMMATIC = {
    "mechanism": RFP.Mechanism.PROGRAMMATIC,
    "currency": "USD",
    "min_amount": Decimal(5000),
    "max_amount": Decimal(25000),
    "budget": Decimal(500000),
    "blind_review": True,
    "texts": {
        "en": {
            "title": "ACCELERATE Programmatic Grants for Civil Society Organizations",
            "summary": "Grants of 5,000 to 25,000 USD for twelve-month projects that defend civic space.",
            "description": (
                "This call funds projects by civil-society organisations that protect and widen civic space:\n\n"
                "- documentation of human-rights violations and strategic litigation;\n"
                "- digital and physical security of defenders and their communities;\n"
                "- advocacy before national, regional and international bodies;\n"
                "- organisational resilience (governance, wellbeing, emergency planning).\n\n"
                "Projects last up to **twelve months**. Applications are reviewed by independent experts "
                "without the names of the organisations."
            ),
            "eligibility": (
                "- Registered or unregistered civil-society organisations and collectives.\n"
                "- Working in a country where civic space is rated *obstructed*, *repressed* or *closed*.\n"
                "- An annual budget under 500,000 USD.\n\n"
                "Individuals at risk should apply to the rapid-response call instead."
            ),
        },
        "ar": {
            "title": "منح أكسيليريت البرامجية لمنظمات المجتمع المدني",
            "summary": "منح من 5,000 إلى 25,000 دولار أمريكي لمشاريع مدتها اثنا عشر شهرًا تدافع عن الفضاء المدني.",
            "description": (
                "تموّل هذه الدعوة مشاريع منظمات المجتمع المدني التي تحمي الفضاء المدني وتوسّعه:\n\n"
                "- توثيق انتهاكات حقوق الإنسان والتقاضي الاستراتيجي؛\n"
                "- الأمن الرقمي والجسدي للمدافعين ومجتمعاتهم؛\n"
                "- المناصرة أمام الهيئات الوطنية والإقليمية والدولية؛\n"
                "- الصمود المؤسسي (الحوكمة، الرفاه، التخطيط للطوارئ).\n\n"
                "تمتد المشاريع حتى **اثني عشر شهرًا**. يراجع الطلبات خبراء مستقلون دون معرفة أسماء المنظمات."
            ),
            "eligibility": (
                "- منظمات ومجموعات المجتمع المدني المسجلة وغير المسجلة.\n"
                "- العاملة في بلد يُصنَّف فيه الفضاء المدني *معرقلًا* أو *مقموعًا* أو *مغلقًا*.\n"
                "- ميزانية سنوية أقل من 500,000 دولار أمريكي.\n\n"
                "على الأفراد المعرضين للخطر التقدم إلى دعوة الاستجابة السريعة بدلًا من ذلك."
            ),
        },
    },
    # (title en, title ar), then (key, type, required, (label en, label ar), help en, extra)
    "form": [
        (
            ("Organisation", "المنظمة"),
            [
                (
                    "organisation_name",
                    T.SHORT_TEXT,
                    True,
                    ("Name of the organisation", "اسم المنظمة"),
                    "The name you use in public, or a name we may use to refer to you.",
                    {"identifying": True},
                ),
                (
                    "organisation_country",
                    T.COUNTRY,
                    True,
                    ("Country where you mainly work", "البلد الذي تعملون فيه أساسًا"),
                    "",
                    {},
                ),
                (
                    "registered",
                    T.YES_NO,
                    True,
                    ("Is the organisation legally registered?", "هل المنظمة مسجلة قانونيًا؟"),
                    "Unregistered groups are welcome: the answer does not affect eligibility.",
                    {"sensitive": True},
                ),
                (
                    "founded_on",
                    T.DATE,
                    False,
                    ("When did the organisation start its work?", "متى بدأت المنظمة عملها؟"),
                    "",
                    {},
                ),
                (
                    "staff_count",
                    T.NUMBER,
                    True,
                    ("How many people work for the organisation?", "كم عدد العاملين في المنظمة؟"),
                    "Paid staff and regular volunteers.",
                    {"min_value": Decimal(1), "max_value": Decimal(500)},
                ),
            ],
        ),
        (
            ("Project", "المشروع"),
            [
                ("project_title", T.SHORT_TEXT, True, ("Title of the project", "عنوان المشروع"), "", {}),
                (
                    "project_summary",
                    T.LONG_TEXT,
                    True,
                    ("What will you do, and why now?", "ماذا ستفعلون، ولماذا الآن؟"),
                    "Describe the problem, your activities and the change you expect.",
                    {"word_limit": 500},
                ),
                (
                    "focus_area",
                    T.SINGLE_CHOICE,
                    True,
                    ("Main area of work", "مجال العمل الرئيسي"),
                    "",
                    {
                        "choices": (
                            [
                                "Documentation and litigation",
                                "Security of defenders",
                                "Advocacy",
                                "Organisational resilience",
                            ],
                            ["التوثيق والتقاضي", "أمن المدافعين", "المناصرة", "الصمود المؤسسي"],
                        ),
                    },
                ),
                (
                    "groups_reached",
                    T.MULTIPLE_CHOICE,
                    False,
                    ("Who will the project reach?", "من سيستفيد من المشروع؟"),
                    "Choose all that apply.",
                    {
                        "choices": (
                            [
                                "Journalists",
                                "Lawyers",
                                "Women human-rights defenders",
                                "LGBTIQ+ defenders",
                                "Land and environmental defenders",
                                "Students",
                            ],
                            [
                                "الصحفيون",
                                "المحامون",
                                "المدافعات عن حقوق الإنسان",
                                "مدافعو مجتمع الميم",
                                "المدافعون عن الأرض والبيئة",
                                "الطلاب",
                            ],
                        ),
                    },
                ),
                ("start_date", T.DATE, True, ("When would the project start?", "متى سيبدأ المشروع؟"), "", {}),
            ],
        ),
        (
            ("Budget", "الميزانية"),
            [
                (
                    "amount_requested",
                    T.AMOUNT,
                    True,
                    ("Amount requested", "المبلغ المطلوب"),
                    "In US dollars.",
                    {"min_value": Decimal(5000), "max_value": Decimal(25000)},
                ),
                (
                    "budget_explanation",
                    T.LONG_TEXT,
                    True,
                    ("How will the money be spent?", "كيف سيُنفق المبلغ؟"),
                    "The main lines of the budget: staff, activities, equipment, security.",
                    {"word_limit": 300},
                ),
                (
                    "other_funding",
                    T.YES_NO,
                    False,
                    ("Do you have other funding for this project?", "هل لديكم تمويل آخر لهذا المشروع؟"),
                    "",
                    {},
                ),
            ],
        ),
        (
            ("Safety and risk", "السلامة والمخاطر"),
            [
                (
                    "risks",
                    T.LONG_TEXT,
                    True,
                    (
                        "What risks could the project or your team face?",
                        "ما المخاطر التي قد يواجهها المشروع أو فريقكم؟",
                    ),
                    "Only what you are comfortable sharing. This answer is never exported.",
                    {"word_limit": 300, "sensitive": True},
                ),
                (
                    "safe_contact",
                    T.SINGLE_CHOICE,
                    True,
                    ("How should we contact you?", "كيف نتواصل معكم؟"),
                    "",
                    {"choices": (["Through this portal only", "Email"], ["عبر هذه البوابة فقط", "البريد الإلكتروني"])},
                ),
            ],
        ),
        (
            ("Attachments", "المرفقات"),
            [
                (
                    "budget_file",
                    T.FILE,
                    True,
                    ("Detailed budget", "الميزانية التفصيلية"),
                    "A spreadsheet or PDF. Author names are removed from the file when you upload it.",
                    {},
                ),
                (
                    "supporting_file",
                    T.FILE,
                    False,
                    ("Any other document", "أي وثيقة أخرى"),
                    "For example a letter of support.",
                    {},
                ),
            ],
        ),
    ],
}

RAPID_RESPONSE = {
    "mechanism": RFP.Mechanism.RAPID_RESPONSE,
    "currency": "USD",
    "min_amount": Decimal(1000),
    "max_amount": Decimal(10000),
    "budget": Decimal(200000),
    "blind_review": False,
    "texts": {
        "en": {
            "title": "Rapid Response Grants for Human Rights Defenders at Risk",
            "summary": "1,000 to 10,000 USD within days for defenders facing an urgent threat.",
            "description": (
                "Emergency support for defenders and their families: temporary relocation, legal fees, medical "
                "care, security equipment and digital protection.\n\nApplications are open at all times and "
                "decided one by one, usually within **72 hours**."
            ),
            "eligibility": (
                "Human-rights defenders, journalists and activists, alone or in a group, facing a threat "
                "because of their peaceful work."
            ),
        },
        "ar": {
            "title": "منح الاستجابة السريعة للمدافعين عن حقوق الإنسان المعرضين للخطر",
            "summary": "من 1,000 إلى 10,000 دولار أمريكي خلال أيام للمدافعين الذين يواجهون تهديدًا عاجلًا.",
            "description": (
                "دعم طارئ للمدافعين وعائلاتهم: انتقال مؤقت، أتعاب قانونية، رعاية طبية، معدات أمنية وحماية رقمية."
                "\n\n"
                "الطلبات مفتوحة في كل وقت ويُبتّ فيها واحدًا تلو الآخر، عادةً خلال **72 ساعة**."
            ),
            "eligibility": (
                "المدافعون عن حقوق الإنسان والصحفيون والناشطون، أفرادًا أو مجموعات، الذين يواجهون تهديدًا "
                "بسبب عملهم السلمي."
            ),
        },
    },
    "form": [
        (
            ("The situation", "الوضع"),
            [
                (
                    "threat",
                    T.LONG_TEXT,
                    True,
                    ("What is happening, and since when?", "ما الذي يحدث، ومنذ متى؟"),
                    "Only what you are comfortable sharing.",
                    {"word_limit": 250, "sensitive": True},
                ),
                ("country", T.COUNTRY, True, ("Where are you now?", "أين أنتم الآن؟"), "", {"sensitive": True}),
                (
                    "support_needed",
                    T.MULTIPLE_CHOICE,
                    True,
                    ("What support do you need?", "ما الدعم الذي تحتاجونه؟"),
                    "",
                    {
                        "choices": (
                            ["Relocation", "Legal fees", "Medical care", "Security equipment", "Digital protection"],
                            ["الانتقال", "الأتعاب القانونية", "الرعاية الطبية", "معدات أمنية", "الحماية الرقمية"],
                        )
                    },
                ),
            ],
        ),
        (
            ("The request", "الطلب"),
            [
                (
                    "amount_requested",
                    T.AMOUNT,
                    True,
                    ("Amount requested", "المبلغ المطلوب"),
                    "In US dollars.",
                    {"min_value": Decimal(1000), "max_value": Decimal(10000)},
                ),
                ("needed_by", T.DATE, False, ("By when do you need the support?", "متى تحتاجون الدعم؟"), "", {}),
            ],
        ),
    ],
}


# The help texts in Arabic, by their English text.
HELP_IN_ARABIC = {
    "The name you use in public, or a name we may use to refer to you.": "الاسم الذي تستخدمونه علنًا، أو اسم يمكننا أن نشير به إليكم.",  # noqa: E501
    "Unregistered groups are welcome: the answer does not affect eligibility.": "نرحب بالمجموعات غير المسجلة: لا تؤثر الإجابة على الأهلية.",  # noqa: E501
    "Paid staff and regular volunteers.": "الموظفون بأجر والمتطوعون المنتظمون.",
    "Describe the problem, your activities and the change you expect.": "صفوا المشكلة وأنشطتكم والتغيير الذي تتوقعونه.",
    "Choose all that apply.": "اختاروا كل ما ينطبق.",
    "In US dollars.": "بالدولار الأمريكي.",
    "The main lines of the budget: staff, activities, equipment, security.": "البنود الرئيسية للميزانية: الموظفون، الأنشطة، المعدات، الأمن.",  # noqa: E501
    "Only what you are comfortable sharing. This answer is never exported.": "شاركوا فقط ما ترتاحون لمشاركته. لا تُصدَّر هذه الإجابة أبدًا.",  # noqa: E501
    "A spreadsheet or PDF. Author names are removed from the file when you upload it.": "جدول بيانات أو ملف PDF. تُحذف أسماء المؤلفين من الملف عند رفعه.",  # noqa: E501
    "For example a letter of support.": "على سبيل المثال رسالة دعم.",
    "Only what you are comfortable sharing.": "شاركوا فقط ما ترتاحون لمشاركته.",
}


def seed_calls(*, staff: User, created_by: User) -> list[RFP]:
    """Both demo calls, published and run by `staff`; a call already there is left as it is."""
    return [_seed_call(PROGRAMMATIC, staff=staff, created_by=created_by),
            _seed_call(RAPID_RESPONSE, staff=staff, created_by=created_by)]  # fmt: skip


def _seed_call(spec: dict, *, staff: User, created_by: User) -> RFP:
    title = spec["texts"]["en"]["title"]
    rfp = RFP.objects.filter(texts__en__title=title).first()
    if rfp is not None:
        return rfp
    now = timezone.now()
    programmatic = spec["mechanism"] == RFP.Mechanism.PROGRAMMATIC
    rfp = RFP.objects.create(
        mechanism=spec["mechanism"],
        status=RFP.Status.PUBLISHED,
        texts=spec["texts"],
        default_language="en",
        languages=["en", "ar"],
        opens_at=(now - timedelta(days=1)).replace(minute=0, second=0, microsecond=0) if programmatic else None,
        deadline=(now + timedelta(days=30)).replace(hour=16, minute=0, second=0, microsecond=0)
        if programmatic
        else None,
        currency=spec["currency"],
        min_amount=spec["min_amount"],
        max_amount=spec["max_amount"],
        budget=spec["budget"],
        blind_review=spec["blind_review"],
        created_by=created_by,
        published_at=now,
    )
    rfp.staff.add(staff)
    for section_position, ((title_en, title_ar), questions) in enumerate(spec["form"], start=1):
        section = Section.objects.create(
            rfp=rfp, position=section_position, texts={"en": {"title": title_en}, "ar": {"title": title_ar}}
        )
        for position, (key, kind, required, (label_en, label_ar), help_en, extra) in enumerate(questions, start=1):
            extra = dict(extra)
            choices_en, choices_ar = extra.pop("choices", ([], []))
            texts = {
                "en": {"label": label_en, "help": help_en},
                "ar": {"label": label_ar, "help": HELP_IN_ARABIC.get(help_en, "")},
            }
            keys = [f"c{number}" for number in range(1, len(choices_en) + 1)]
            if keys:
                texts["en"]["choices"] = dict(zip(keys, choices_en, strict=True))
                texts["ar"]["choices"] = dict(zip(keys, choices_ar, strict=True))
            Question.objects.create(
                rfp=rfp,
                section=section,
                key=key,
                type=kind,
                position=position,
                required=required,
                texts=texts,
                choices=keys,
                **extra,
            )
    return rfp
