from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import selectors, services

PAGE_SIZE = 25


@login_required
def inbox(request):
    messages = selectors.inbox_of(request.user).only("pk", "subject", "language", "created_at", "read_at")
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


@login_required
def message_detail(request, pk: int):
    message = get_object_or_404(selectors.inbox_of(request.user), pk=pk)
    services.mark_read(message)
    return render(request, "notifications/message.html", {"message": message})
