"""What the tests of submitted applications share: a call in English and Arabic whose form has
one question of each kind, and an application to it submitted through the services, with its
files stored as the upload service leaves them (already cleaned)."""

from django.core.files.base import ContentFile

from grants import services
from grants.models import Application, Attachment, Question
from grants.selectors import form_of
from tests.factories import ApplicationFactory, QuestionFactory, SectionFactory

from .applying import published_call

T = Question.Type

ANSWERS_EN = {
    "title": "Safe houses for journalists",
    "story": "Two of us were followed home.\nWe moved twice.",
    "staff": "12",
    "amount": "5000",
    "start": "2026-03-31",
    "registered": "no",
    "where": "KE",
    "focus": "c2",
    "groups": ["c1", "c3"],
}
# Arabic words without a lam-alef ligature, which text extraction cannot read back.
ANSWERS_AR = {**ANSWERS_EN, "title": "منحة مشروع", "story": "نحن في خطر"}


def bilingual(en: str, ar: str, **choices) -> dict:
    texts = {"en": {"label": en, "help": ""}, "ar": {"label": ar, "help": ""}}
    if choices:
        texts["en"]["choices"] = {key: labels[0] for key, labels in choices.items()}
        texts["ar"]["choices"] = {key: labels[1] for key, labels in choices.items()}
    return texts


def copy_call(**fields):
    """A published call in English and Arabic, of two sections: the project (every kind of
    answer, the story sensitive) and its files."""
    rfp = published_call(languages=["en", "ar"], **fields)
    project = SectionFactory(rfp=rfp, position=0, texts={"en": {"title": "The project"}, "ar": {"title": "المشروع"}})
    files = SectionFactory(rfp=rfp, position=1, texts={"en": {"title": "Documents"}, "ar": {"title": "الوثائق"}})
    questions = [
        ("title", T.SHORT_TEXT, bilingual("Title of the project", "عنوان المشروع"), {"required": True}),
        ("story", T.LONG_TEXT, bilingual("What happened?", "ماذا حدث؟"), {"sensitive": True}),
        ("staff", T.NUMBER, bilingual("How many people work with you?", "كم عدد العاملين معكم؟"), {}),
        ("amount", T.AMOUNT, bilingual("Amount requested", "المبلغ المطلوب"), {}),
        ("start", T.DATE, bilingual("When would it start?", "متى سيبدأ؟"), {}),
        ("registered", T.YES_NO, bilingual("Are you registered?", "هل أنتم مسجلون؟"), {}),
        ("where", T.COUNTRY, bilingual("Where do you work?", "أين تعملون؟"), {}),
    ]
    for position, (key, kind, texts, extra) in enumerate(questions):
        QuestionFactory(section=project, key=key, type=kind, texts=texts, position=position, **extra)
    QuestionFactory(
        section=project,
        key="focus",
        type=T.SINGLE_CHOICE,
        choices=["c1", "c2"],
        position=10,
        texts=bilingual("Main area of work", "مجال العمل", c1=("Advocacy", "المناصرة"), c2=("Security", "الأمن")),
    )
    QuestionFactory(
        section=project,
        key="groups",
        type=T.MULTIPLE_CHOICE,
        choices=["c1", "c2", "c3"],
        position=11,
        texts=bilingual(
            "Who will it reach?",
            "من سيستفيد؟",
            c1=("Journalists", "الصحفيون"),
            c2=("Students", "الطلاب"),
            c3=("Lawyers", "المحامون"),
        ),
    )
    QuestionFactory(section=files, key="budget", type=T.FILE, position=0, texts=bilingual("Budget", "الميزانية"))
    QuestionFactory(section=files, key="other", type=T.FILE, position=1, texts=bilingual("Other", "أخرى"))
    return rfp


def attach(application: Application, question_key: str, *, kind="pdf", pages=3, content=b"%PDF-1.7 cleaned"):
    """A file as add_attachment stores it once cleaned."""
    extension = {"jpeg": "jpg"}.get(kind, kind)
    attachment = Attachment(
        application=application,
        question_key=question_key,
        kind=kind,
        content_type={"pdf": "application/pdf", "jpeg": "image/jpeg"}.get(kind, "text/plain"),
        size=len(content),
        pages=pages,
        name=f"my {question_key}.{extension}",
        uploaded_by=application.applicant,
    )
    attachment.file.save(f"upload.{extension}", ContentFile(content), save=False)
    attachment.save()
    return attachment


def submitted_application(rfp=None, *, language="en", answers=None, files=True, **fields) -> Application:
    """An application to `rfp` (by default a new copy_call) answered, given files and submitted
    by its applicant through the services."""
    rfp = rfp or copy_call()
    application = ApplicationFactory(rfp=rfp, currency=rfp.currency, language=language, **fields)
    answers = answers or (ANSWERS_AR if language == "ar" else ANSWERS_EN)
    for section in form_of(rfp):
        services.save_section(application, section, answers, by=application.applicant)
    if files:
        attach(application, "other", kind="jpeg", pages=None, content=b"\xff\xd8 a photo")
        attach(application, "budget", kind="pdf", pages=3)
    services.submit_application(application, by=application.applicant)
    application.refresh_from_db()
    return application
