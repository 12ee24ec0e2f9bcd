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
