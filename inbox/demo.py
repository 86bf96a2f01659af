"""Demo questions in every state, canned replies, trigger words and duty hours."""

import datetime

from django.utils import timezone

from inbox.models import CannedReply, Conversation, DutyHours, PublicQA, TriggerWord

CANNED = [
    ("Notfall: 110", CannedReply.Kind.NOT_FOR_THIS_CHANNEL,
     "Bitte wählen Sie in dringenden Fällen die 110. Über diesen Kanal können wir nicht "
     "sofort reagieren."),
    ("Anzeige: Onlinewache", CannedReply.Kind.NOT_FOR_THIS_CHANNEL,
     "Anzeigen bitte über die Onlinewache oder auf jeder Polizeidienststelle. Hier können "
     "wir keine Anzeigen aufnehmen."),
    ("Danke für die Frage", CannedReply.Kind.GENERAL,
     "Vielen Dank für Ihre Frage! "),
    ("Zuständigkeit Ordnungsamt", CannedReply.Kind.GENERAL,
     "Dafür ist das Ordnungsamt der Stadt zuständig; dort hilft man Ihnen gern weiter."),
]
HINT_WORDS = ["Notfall", "Notruf", "Einbruch", "Diebstahl", "gestohlen", "Anzeige", "Unfall",
              "Überfall", "Gewalt", "bedroht"]
URGENT_WORDS = ["Bedrohung", "bedroht", "Gewalt", "Notfall", "Waffe", "Messer",
                "Suizid", "umbringen"]


def create(command, *, officers, citizens, press, **context):
    for title, kind, body in CANNED:
        CannedReply.objects.get_or_create(title=title, defaults={"kind": kind, "body": body})
    for kind, words in [(TriggerWord.Kind.EMERGENCY_HINT, HINT_WORDS),
                        (TriggerWord.Kind.URGENT, URGENT_WORDS)]:
        for word in words:
            TriggerWord.objects.get_or_create(kind=kind, word=word.lower())
    isabel, felix = officers[0], officers[1]
    anna, bernd, carla = citizens[0], citizens[1], citizens[2]
    # Early and late shifts on weekdays for the station, Isabel with her own hours.
    for day in range(5):
        DutyHours.objects.get_or_create(station=felix.station, weekday=day,
                                        start=datetime.time(6), end=datetime.time(22))
        DutyHours.objects.get_or_create(officer=isabel, weekday=day,
                                        start=datetime.time(7), end=datetime.time(16))
    if Conversation.objects.filter(citizen__in=citizens).exists():
        return
    now = timezone.now()
    hours = datetime.timedelta(hours=1)

    def ask(citizen, officer, subject, body, ago, **kwargs):
        return Conversation.start(citizen=citizen, officer=officer, subject=subject, body=body,
                                  now=now - ago, **kwargs)

    ask(anna, isabel, "Fahrradcodierung",
        "Hallo Isabel, wann kann man bei euch wieder sein Fahrrad codieren lassen?", 5 * hours)
    ask(bernd, isabel, "Jemand hat mich bedroht",
        "Ein Nachbar hat mich heute bedroht. Was soll ich tun?", 2 * hours)
    answered = ask(carla, felix, "Praktikum bei der Polizei",
                   "Kann man bei euch ein Schülerpraktikum machen?", 30 * hours,
                   consent_public=True)
    answered.answer(felix.user, "Ja! Schülerpraktika vermitteln wir über die Einstellungs"
                    "berater der Polizei. Schreib ihnen einfach eine Mail.", now=now - 26 * hours)
    referred = ask(anna, felix, "Mein Fahrrad wurde gestohlen",
                   "Mir wurde gestern mein Fahrrad gestohlen, könnt ihr das aufnehmen?",
                   50 * hours)
    referred.refer(felix.user, CannedReply.objects.get(title="Anzeige: Onlinewache"),
                   now=now - 48 * hours)
    closed = ask(bernd, isabel, "Danke!", "Danke für den Tipp mit der Beleuchtung.",
                 80 * hours)
    closed.answer(isabel.user, "Gern geschehen, gute Fahrt!", now=now - 79 * hours)
    closed.close(isabel.user, now=now - 79 * hours)
    published = ask(carla, isabel, "Blitzer in der Innenstadt",
                    "Woher weiß ich, wo heute geblitzt wird?", 100 * hours, consent_public=True)
    published.answer(isabel.user, "Die Messstellen der Woche veröffentlichen wir jeden "
                     "Montag auf unserer Website.", now=now - 96 * hours)
    qa = PublicQA.propose(published, isabel.user, published.first_question(),
                          published.first_answer())
    qa.approve(press)
    command.stdout.write("Inbox: 6 demo conversations, canned replies, trigger words.")
