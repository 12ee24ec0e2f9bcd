"""What the tests of reviewers' reading share: a call (grants' bilingual copy call, blind by
default) with one more question that names the applicant, an application to it by a named
applicant for a named organisation, submitted with two files, and a live assignment of it."""

from accounts.models import Membership
from grants.models import Question
from tests.factories import OrganisationFactory, QuestionFactory, UserFactory
from tests.grants.submitted import ANSWERS_EN, copy_call, submitted_application

from .factories import AssignmentFactory, reviewer

APPLICANT_NAME = "Amira Quillfeather"
ORGANISATION_NAME = "Lantern Collective"
IDENTIFYING_ANSWER = "Founder of the Zephyrine Legal Clinic"
FILE_NAMES = ("my budget.pdf", "my other.jpg")  # as tests.grants.submitted.attach names them
ANSWERS = {**ANSWERS_EN, "who": IDENTIFYING_ANSWER}


def reading_call(*, blind=True, staff=(), **fields):
    """copy_call, and a short question of the project marked identifying ("who")."""
    rfp = copy_call(blind_review=blind, staff=list(staff), **fields)
    project = rfp.sections.order_by("position").first()
    QuestionFactory(
        section=project,
        key="who",
        type=Question.Type.SHORT_TEXT,
        identifying=True,
        position=20,
        texts={"en": {"label": "Who are you?", "help": ""}, "ar": {"label": "من أنتم؟", "help": ""}},
    )
    return rfp


def named_application(rfp, answers=None, **fields):
    applicant = UserFactory(name=APPLICANT_NAME)
    organisation = OrganisationFactory(name=ORGANISATION_NAME)
    Membership.objects.create(user=applicant, organisation=organisation, role=Membership.Role.OWNER)
    return submitted_application(
        rfp, answers=answers or ANSWERS, applicant=applicant, organisation=organisation, **fields
    )


def assignment_to_read(*, blind=True, confirmed=True, staff=(), answers=None, **fields):
    """A live assignment of a new reviewer to a named application, the conflict question
    answered (`confirmed`) or not."""
    rfp = reading_call(blind=blind, staff=staff, **fields)
    application = named_application(rfp, answers)
    assignment = AssignmentFactory(application=application, reviewer=reviewer())
    if confirmed:
        assignment.no_conflict_confirmed_at = assignment.created_at
        assignment.save(update_fields=["no_conflict_confirmed_at"])
    return assignment
