"""The citizen's side: ask an officer, read and reply at /questions/."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inbox.access import can_write, get_conversation_for_user
from inbox.forms import QuestionForm, ReplyForm
from inbox.models import Conversation, DutyHours, TriggerWord
from officers.models import Officer
from portal import ratelimit


def _hint_words():
    return TriggerWord.objects.words(TriggerWord.Kind.EMERGENCY_HINT)


@require_http_methods(["GET"])
def my_questions(request):
    page = Paginator(
        Conversation.objects.for_citizen(request.user).for_citizen_list(), settings.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "inbox/my_questions.html", {"page": page})


@require_http_methods(["GET", "POST"])
def thread(request, public_id):
    conversation = get_conversation_for_user(request, public_id)
    form = None
    status = 200
    if conversation.citizen_may_reply and can_write(request.user):
        form = ReplyForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            if ratelimit.allow(request, "question_reply"):
                conversation.reply(request.user, form.cleaned_data["body"])
                messages.success(request, _("Your reply has been sent."))
                return redirect(conversation)
            form.add_error(None, _("You have written a lot in a short time. "
                                   "Please try again later."))
            status = 429
    elif request.method == "POST":
        return redirect(conversation)
    return render(request, "inbox/thread.html", {
        "conversation": conversation,
        "thread": conversation.thread(),
        "form": form,
        "hint_words": _hint_words() if form else [],
    }, status=status)


@require_http_methods(["GET", "POST"])
def ask(request, handle):
    officer = get_object_or_404(Officer.objects.active().select_related("station"), handle=handle)
    if officer.user_id == request.user.pk:
        raise Http404
    allowed = can_write(request.user)
    form = QuestionForm(request.POST if request.method == "POST" and allowed else None)
    status = 200 if allowed or request.method == "GET" else 403
    if form.is_bound and form.is_valid():
        if ratelimit.allow(request, "question"):
            data = form.cleaned_data
            conversation = Conversation.start(
                citizen=request.user, officer=officer, subject=data["subject"],
                body=data["body"], consent_public=data["consent_public"],
            )
            messages.success(request, _("Your question has been sent."))
            return redirect(conversation)
        form.add_error(None, _("You have asked several questions in a short time. "
                               "Please try again later."))
        status = 429
    return render(request, "inbox/ask.html", {
        "officer": officer,
        "form": form,
        "allowed": allowed,
        "duty_hours": DutyHours.objects.for_officer(officer),
        "hint_words": _hint_words(),
        "target_hours": settings.INBOX_TARGET_HOURS,
    }, status=status)
