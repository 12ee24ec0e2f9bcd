from core.errors import Refused


class BuilderError(Refused):
    """A change to a call or its form that the rules refuse."""


class PublishError(BuilderError):
    """Publication refused; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems

    @property
    def messages(self) -> list[str]:
        return self.problems


class ApplyError(Refused):
    """Something an applicant tried that the rules refuse."""


class SubmissionError(ApplyError):
    """Submission refused. `problems` lists (section, question key or None, sentence), so each
    missing answer can link to its section; the draft stays as it was."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class SectionConflict(ApplyError):
    """A colleague saved this section after it was opened: nothing was saved. `theirs` holds
    the stored answers of the section, `version` the count to save against once reconciled."""

    def __init__(self, message: str, *, theirs: dict, version: int, saved_by: str):
        super().__init__(message)
        self.theirs, self.version, self.saved_by = theirs, version, saved_by
