"""What the accessibility app keeps about a person (see portal/privacy.py): feedback on
barriers sent while signed in. Feedback sent without an account is tied to no account;
it goes by the retention rule (retention.py) like all feedback."""

from accessibility.models import Feedback
from portal import admin_history


def export(user):
    return {"accessibility_feedback": [
        {
            "reference": f.reference,
            "received_at": f.created_at.isoformat(),
            "page": f.page,
            "name": f.name,
            "email": f.email,
            "message": f.message,
            "status": f.status,
            "answer_due_on": f.due_on.isoformat(),
            "answered_at": f.answered_at.isoformat() if f.answered_at else None,
            "answer": f.answer,
        }
        for f in Feedback.objects.filter(sender=user).order_by("created_at")
    ]}


def forget(user):
    """Feedback the person sent while signed in goes with the account."""
    mine = Feedback.objects.filter(sender=user)
    admin_history.forget(Feedback, list(mine.values_list("pk", flat=True)))
    return mine.delete()
