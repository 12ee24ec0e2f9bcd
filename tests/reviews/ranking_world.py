"""A small call to rank by hand: three applications, three reviewers who each reviewed all three,
and the figures DESIGN.md's scoring gives for them, worked out on paper.

Totals (reviewer: A, B, C): R1 80, 60, 40; R2 70, 70, 40; R3 90, 50, 70.
- Means: A 80, B 60, C 50. Spreads (population sd): A and B sqrt(200/3) = 8.16, C sqrt(200) = 14.14.
- mu = 570 / 9 = 63.333, sigma = sqrt(2400 / 9) = 16.3299.
- Each reviewer has 3 reviews with some spread, so each is measured on their own scale:
  R1 mean 60, sd 16.3299; R2 mean 60, sd 14.1421; R3 mean 70, sd 16.3299.
- z: A (1.224745, 0.707107, 1.224745), mean 1.052199 -> 63.3333 + 1.052199 x 16.3299 = 80.52;
  B (0, 0.707107, -1.224745), mean -0.172546 -> 60.52; C (-1.224745, -1.414214, 0), mean
  -0.879653 -> 48.97.
- Amounts: A 40,000, B 35,000, C 30,000 against a budget of 70,000: the running total is 40,000,
  75,000, 105,000, so the budget runs out at B, the second row.
"""

from dataclasses import dataclass
from decimal import Decimal

from accounts.roles import Role
from grants.models import RFP, Application
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

D = Decimal
TOTALS = {"A": (80, 70, 90), "B": (60, 70, 50), "C": (40, 40, 70)}
RECOMMENDATIONS = {
    "A": ("fund", "fund", "maybe"),
    "B": ("maybe", "fund", "decline"),
    "C": ("decline", "decline", "fund"),
}
AMOUNTS = {"A": D(40000), "B": D(35000), "C": D(30000)}


@dataclass
class SmallCall:
    rfp: RFP
    staff: object
    applications: dict[str, Application]
    reviewers: list


def small_call(*, staff=None, budget=D(70000), threshold=D(10)) -> SmallCall:
    staff = staff or UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = RFPFactory(staff=[staff], budget=budget, spread_threshold=threshold, currency="USD")
    reviewers = [reviewer(name=f"Reviewer {number}") for number in (1, 2, 3)]
    applications = {}
    for letter, totals in TOTALS.items():
        application = SubmittedApplicationFactory(
            rfp=rfp,
            status=Application.Status.IN_REVIEW,
            reference=f"R-{letter}",
            title=f"Project {letter}",
            requested_amount=AMOUNTS[letter],
            country="KE",
        )
        applications[letter] = application
        for person, total, recommendation in zip(reviewers, totals, RECOMMENDATIONS[letter], strict=True):
            ReviewFactory(
                submitted=True,
                total=D(total),
                recommendation=recommendation,
                assignment=AssignmentFactory(application=application, reviewer=person),
            )
    return SmallCall(rfp=rfp, staff=staff, applications=applications, reviewers=reviewers)
