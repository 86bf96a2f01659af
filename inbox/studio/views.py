"""The officer's side in the studio: an inbox made for a phone on patrol."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inbox.access import get_conversation_for_user, officer_or_404
from inbox.forms import AnswerForm, ProposeForm, ReferForm
from inbox.models import CannedReply, Conversation, PublicQA

DONE_SHOWN = 20


def _error(request, error):
    messages.error(request, " ".join(error.messages))


@require_http_methods(["GET"])
def inbox(request):
    officer = officer_or_404(request)
    conversations = Conversation.objects.for_officer(officer).for_studio()
    waiting = list(conversations.waiting())
    return render(request, "inbox/studio/inbox.html", {
        "waiting": waiting,
        "urgent": any(c.urgent for c in waiting),
        "answered": conversations.answered(),
        "done": conversations.done()[:DONE_SHOWN],
        "now": timezone.now(),
    })


@require_http_methods(["GET", "POST"])
def conversation(request, public_id):
    conversation = get_conversation_for_user(request, public_id, as_officer=True)
    canned = list(CannedReply.objects.general())
    # Without JavaScript, "insert" reloads the page with the canned text in the answer.
    chosen = next((c for c in canned if str(c.pk) == request.GET.get("canned")), None)
    form = AnswerForm(request.POST if request.method == "POST" else None,
                      initial={"body": chosen.body} if chosen else None)
    if form.is_bound and form.is_valid():
        try:
            conversation.answer(request.user, form.cleaned_data["body"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect("inbox_studio:inbox")
    return render(request, "inbox/studio/conversation.html", {
        "conversation": conversation,
        "thread": conversation.thread(),
        "form": form,
        "canned": canned,
        "canned_texts": {str(c.pk): c.body for c in canned},
        "refer_form": ReferForm(),
        "can_propose": _can_propose(conversation),
    }, status=400 if form.is_bound else 200)


def _can_propose(conversation):
    if not (conversation.consent_public and conversation.first_answered_at):
        return False
    existing = PublicQA.objects.filter(conversation=conversation).first()
    return existing is None or existing.state == PublicQA.State.REJECTED


@require_POST
def refer(request, public_id):
    conversation = get_conversation_for_user(request, public_id, as_officer=True)
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a referral text."))
        return redirect(conversation.get_studio_url())
    try:
        conversation.refer(request.user, form.cleaned_data["canned_reply"])
    except ValidationError as error:
        _error(request, error)
        return redirect(conversation.get_studio_url())
    messages.success(request, _("The referral has been sent and the conversation closed."))
    return redirect("inbox_studio:inbox")


@require_POST
def close(request, public_id):
    conversation = get_conversation_for_user(request, public_id, as_officer=True)
    conversation.close(request.user)
    messages.success(request, _("The conversation is closed."))
    return redirect("inbox_studio:inbox")


@require_http_methods(["GET", "POST"])
def propose(request, public_id):
    conversation = get_conversation_for_user(request, public_id, as_officer=True)
    if not _can_propose(conversation):
        messages.error(request, _("This conversation cannot be proposed as a public Q&A."))
        return redirect(conversation.get_studio_url())
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        initial={"question": conversation.first_question(),
                 "answer": conversation.first_answer()},
    )
    if form.is_bound and form.is_valid():
        try:
            PublicQA.propose(conversation, request.user, **form.cleaned_data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Proposed. The press office will review it."))
            return redirect(conversation.get_studio_url())
    return render(request, "inbox/studio/propose.html",
                  {"conversation": conversation, "form": form})
