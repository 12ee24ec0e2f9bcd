"""What staff's pages of a call's reviews share: the call, if the user manages its reviews (a
call they do not run is a 404, as for anyone who may not know it exists)."""

from django.http import Http404

from ..selectors import call_managed_by


def call_for(request, pk: int):
    rfp = call_managed_by(request.user, pk)
    if rfp is None:
        raise Http404
    return rfp


def found(value):
    if value is None:
        raise Http404
    return value
