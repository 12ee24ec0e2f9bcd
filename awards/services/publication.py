"""How an award is published as open data: anonymously (the default) or naming its
organisation, with a title and description staff write for publication."""

from django.db import transaction

from audit import services as audit

from ..models import Award
from ..permissions import can_manage_awards


@transaction.atomic
def set_publication(award: Award, *, publish_anonymously: bool, public_title: str, public_description: str, by):
    can_manage_awards(by, award.rfp).enforce()
    award = Award.objects.select_for_update().get(pk=award.pk)
    award.publish_anonymously = publish_anonymously
    award.public_title = public_title.strip()
    award.public_description = public_description.strip()
    award.save(update_fields=["publish_anonymously", "public_title", "public_description"])
    audit.record(by, "award.publication_set", award, detail={"anonymous": publish_anonymously})
    return award
