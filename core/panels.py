"""A part of a page that one app provides and another composes (portal's dashboards and staff
pages), so no lower app links up to a higher one and the composing page asks no role."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with the page's context plus `context`
    context: dict = field(default_factory=dict)  # already scoped to the user who sees it
