"""The demo applicant's applications (seed_demo): a draft half done to the programmatic call, one
answer in it kept although it is wrong, as an applicant leaves it between visits; and an
application submitted to the rapid-response call, with its reference, frozen form and receipt,
and a more-information thread on it: a question from the call's staff and the applicant's answer.

Made through grants' services, as the applicant would make them (audited, sensitive answers
encrypted); an application already there is left as it is."""

from accounts.models import User
from grants import services
from grants.models import RFP, Application
from grants.selectors import applications_of, form_of, open_rfps

# By section position: what the demo applicant has typed so far.
DRAFT_ANSWERS = {
    1: {
        "organisation_name": "Coastal Rights Collective",
        "organisation_country": "SN",
        "registered": "no",
        "founded_on": "2019-05-01",
        "staff_count": "about twelve",  # not a number: kept, and marked beside the field
    },
    2: {
        "project_title": "Safe reporting on the coast",
        "project_summary": (
            "Local journalists covering land seizures are followed and threatened. We will train twenty of them "
            "in digital security and set up a legal hotline."
        ),
        "focus_area": "c2",
        "groups_reached": ["c1", "c5"],
    },
}
SUBMITTED_ANSWERS = {
    "threat": (
        "Since March I have been followed after each hearing I report on, and my phone was taken at a checkpoint."
    ),
    "country": "KE",
    "support_needed": ["c1", "c5"],
    "amount_requested": "4500",
    "needed_by": "2027-01-15",
}

QUESTION = "Could you say where you would stay while the phone is replaced, and for how long?"
ANSWER = "With a colleague in another town, for about three weeks; I can send the quote for the phone."


def seed_applications(applicant: User, programmatic: RFP, rapid: RFP) -> list[Application]:
    """The demo applicant's draft and submitted application, each made once."""
    made = []
    draft = _existing(applicant, programmatic) or _half_done_draft(applicant, programmatic)
    if draft is not None:
        made.append(draft)
    submitted = _existing(applicant, rapid) or _submitted(applicant, rapid)
    if submitted is not None:
        made.append(submitted)
    return made


def _existing(applicant: User, rfp: RFP) -> Application | None:
    return applications_of(applicant).filter(rfp=rfp).first()


def _started(applicant: User, rfp: RFP) -> Application | None:
    """A new draft, unless the call is no longer open (a demo seeded long ago)."""
    if not open_rfps().filter(pk=rfp.pk).exists():
        return None
    return services.start_application(rfp, by=applicant)


def _half_done_draft(applicant: User, rfp: RFP) -> Application | None:
    application = _started(applicant, rfp)
    if application is None:
        return None
    for section in form_of(rfp):
        if section.position in DRAFT_ANSWERS:
            services.save_section(application, section, DRAFT_ANSWERS[section.position], by=applicant)
    return application


def submit_to(applicant: User, rfp: RFP, answers: dict) -> Application | None:
    """A new application with `answers`, submitted; None when the call is no longer open."""
    application = _started(applicant, rfp)
    if application is None:
        return None
    for section in form_of(rfp):
        services.save_section(application, section, answers, by=applicant)
    return services.submit_application(application, by=applicant)


def _submitted(applicant: User, rfp: RFP) -> Application | None:
    submitted = submit_to(applicant, rfp, SUBMITTED_ANSWERS)
    if submitted is None:
        return None
    staff = rfp.staff.order_by("pk").first()
    if staff is not None:
        services.ask_question(submitted, QUESTION, by=staff)
        services.answer_question(submitted, ANSWER, by=applicant)
    return submitted
