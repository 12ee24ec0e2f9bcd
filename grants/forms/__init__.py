"""The builder's forms (grants/forms/*.py). Each returns plain values for a service; none saves
anything itself. A field the call's state freezes (rules.py) is shown disabled, with the
reason as its help text."""

from ._fields import typed_in
from .calls import RFPSettingsForm, RFPStaffForm, RFPTextsForm
from .questions import QuestionForm, SectionForm

__all__ = ["QuestionForm", "RFPSettingsForm", "RFPStaffForm", "RFPTextsForm", "SectionForm", "typed_in"]
