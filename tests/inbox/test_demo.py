import pytest
from django.core.management.base import OutputWrapper

from inbox import demo
from inbox.models import CannedReply, Conversation, DutyHours, PublicQA, TriggerWord
from tests.conftest import make_user


class FakeCommand:
    def __init__(self, stream):
        self.stdout = OutputWrapper(stream)


@pytest.mark.django_db
def test_it_creates_conversations_in_every_state_idempotently(officer, colleague, citizen,
                                                              other_citizen, press_officer):
    import io

    citizens = [citizen, other_citizen, make_user("carla@example.org")]
    for _ in range(2):
        demo.create(FakeCommand(io.StringIO()), officers=[officer, colleague],
                    citizens=citizens, press=press_officer)
    states = set(Conversation.objects.values_list("state", flat=True))
    assert states == set(Conversation.State.values)
    assert Conversation.objects.filter(urgent=True, state="open").exists()
    assert PublicQA.objects.approved().count() == 1
    titles = list(CannedReply.objects.values_list("body", flat=True))
    assert any("Bitte wählen Sie in dringenden Fällen die 110" in t for t in titles)
    assert any("Anzeigen bitte über die Onlinewache" in t for t in titles)
    assert TriggerWord.objects.filter(kind="urgent").exists()
    assert TriggerWord.objects.filter(kind="emergency_hint").exists()
    assert DutyHours.objects.filter(officer=officer).count() == 5
    assert Conversation.objects.count() == 6
