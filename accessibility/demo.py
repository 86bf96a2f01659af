"""Demo content of the accessibility app: the four explanations BITV 2.0 asks for in
Leichte Sprache, and a slot in German Sign Language with a test picture made on the
fly (a real video would show a sign-language interpreter)."""

import io
from fractions import Fraction

import av
import numpy as np
from django.core.files.base import ContentFile

from accessibility import videos
from accessibility.models import EasyLanguagePage, SignLanguageVideo, Topic

PAGES = [
    (Topic.OFFER, "was-finden-sie-hier", "Was finden Sie auf dieser Internet-Seite?", """\
Diese Internet-Seite heißt Revier.
Revier ist eine Seite von der Polizei in Kaiserslautern.

## Wer schreibt hier?
Hier schreiben 2 Polizisten.
Sie heißen Isabel und Felix.
Isabel und Felix arbeiten bei der Polizei in Kaiserslautern.

## Was zeigen Isabel und Felix?
Isabel und Felix zeigen ihre Arbeit.
Sie machen Fotos und kurze Videos.
Zum Beispiel: ein Foto von einem Polizei-Auto.
Diese Fotos und Videos heißen: **Beiträge**.

## Was können Sie hier machen?
- Sie können alle Beiträge ansehen.
- Dafür brauchen Sie kein Konto.
- Ein **Konto** ist wie ein Ausweis für die Internet-Seite.
- Mit einem Konto können Sie Isabel und Felix Fragen stellen.
- Mit einem Konto können Sie unter einen Beitrag schreiben.

## Wichtig
Diese Seite ist kein Notruf.
Im Notfall rufen Sie die Nummer 110 an.
"""),
    (Topic.NAVIGATION, "so-finden-sie-sich-zurecht", "So finden Sie sich auf der Seite zurecht",
     """\
Jede Seite hat 3 Teile.

## Oben: der Kopf von der Seite
Oben ist ein blauer Streifen.
Dort steht: Revier.
Klicken Sie auf Revier.
Dann kommen Sie zur Start-Seite.

Daneben sind 2 Bilder mit Wörtern:
- Leichte Sprache: Hier sind Texte in Leichter Sprache.
- Gebärdensprache: Hier sind Videos in Gebärdensprache.

Dort steht auch: Anmelden.
Dort melden Sie sich mit Ihrem Konto an.

## In der Mitte: die Beiträge
In der Mitte sind die Beiträge.
Die neuen Beiträge sind oben.
Klicken Sie auf ein Foto.
Dann sehen Sie den ganzen Beitrag.

## Unten: der Fuß von der Seite
Unten stehen wichtige Wörter zum Anklicken.
- Impressum: Hier steht, wer die Seite macht.
- Datenschutz: Hier steht, was wir über Sie speichern.
- Barriere melden: Hier können Sie uns schreiben.

## Mit der Tastatur
Sie können die Seite auch mit der Tastatur benutzen.
Mit der Taste Tab kommen Sie zum nächsten Wort zum Anklicken.
Mit der Taste Enter klicken Sie darauf.
"""),
    (Topic.STATEMENT, "barriere-freiheit", "Erklärung zur Barriere-Freiheit", """\
Barriere-Freiheit bedeutet:
Alle Menschen können die Seite gut benutzen.
Auch Menschen mit Behinderung.

Die Polizei muss dafür sorgen.
Das steht in einem Gesetz.

## Was ist schon gut?
- Jedes Foto hat einen Text.
- Der Text sagt, was auf dem Foto ist.
- Sie können die Seite mit der Tastatur benutzen.
- Sie können sich die Seite vorlesen lassen.
- Dafür gibt es Vorlese-Programme.

## Was ist noch nicht gut?
- Manche Videos haben keine Untertitel.
- **Untertitel** sind Texte im Video.
- Die Untertitel zeigen, was die Menschen im Video sagen.
- Die Beiträge sind nicht in Leichter Sprache.

## Sie finden eine Barriere?
Eine **Barriere** ist etwas, das Sie bei der Benutzung stört.
Zum Beispiel: Sie können einen Text nicht lesen.
Dann schreiben Sie uns.
Sie brauchen dafür kein Konto.
[Hier können Sie uns schreiben.](/accessibility/feedback/?from=/leichte-sprache/barriere-freiheit/)
Wir antworten Ihnen in 1 Monat.

## Sie bekommen keine Antwort?
Dann können Sie sich beschweren.
Es gibt eine Stelle für Beschwerden.
Die Adresse steht in der [Erklärung zur Barriere-Freiheit](/accessibility/).
Diese Erklärung ist in schwerer Sprache.
"""),
    (Topic.MORE, "mehr-informationen", "Hier finden Sie mehr Informationen", """\
Auf dieser Seite gibt es Informationen in Leichter Sprache.
Und es gibt Informationen in Gebärdensprache.

## Leichte Sprache
Oben auf jeder Seite ist ein Bild von einem Buch.
Daneben steht: Leichte Sprache.
Klicken Sie darauf.
Dann finden Sie alle Texte in Leichter Sprache.
[Alle Texte in Leichter Sprache](/leichte-sprache/)

## Gebärdensprache
Oben auf jeder Seite ist ein Bild von 2 Händen.
Daneben steht: Gebärdensprache.
Klicken Sie darauf.
Dann finden Sie alle Videos in Gebärdensprache.
[Alle Videos in Gebärdensprache](/gebaerdensprache/)

## Sie haben noch Fragen?
Dann schreiben Sie uns.
[Hier können Sie uns schreiben.](/accessibility/feedback/?from=/leichte-sprache/mehr-informationen/)
"""),
]

VIDEO_TITLE = "Was finden Sie auf dieser Internet-Seite? (Demo)"


def test_picture_mp4(seconds=4, size=(640, 360), fps=25):
    """Colour bars with a white bar moving across, like FFmpeg's testsrc: an H.264 MP4
    of the minimum frame rate for sign language, made with PyAV."""
    width, height = size
    bars = np.array([(192, 192, 192), (192, 192, 0), (0, 192, 192), (0, 192, 0),
                     (192, 0, 192), (192, 0, 0), (0, 0, 192)], dtype=np.uint8)
    picture = np.repeat(bars, -(-width // len(bars)), axis=0)[:width]
    picture = np.broadcast_to(picture, (height, width, 3)).copy()
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(seconds * fps):
            frame_pixels = picture.copy()
            x = (i * 8) % (width - 20)
            frame_pixels[height // 3: 2 * height // 3, x:x + 20] = 255
            frame = av.VideoFrame.from_ndarray(frame_pixels, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def create(command, **context):
    for order, (topic, slug, title, body) in enumerate(PAGES, start=1):
        EasyLanguagePage.objects.update_or_create(slug=slug, defaults={
            "title": title, "topic": topic, "body": body, "order": order, "published": True})
    video = SignLanguageVideo.objects.filter(title=VIDEO_TITLE).first()
    if video is None or video.status != SignLanguageVideo.Status.READY:
        video = video or SignLanguageVideo(
            title=VIDEO_TITLE, topic=Topic.OFFER, order=1, published=True,
            description="Ein Platzhalter mit einem Testbild. Hier zeigt später eine "
                        "Gebärdensprach-Dolmetscherin, was Sie auf dieser Seite finden.")
        video.status = SignLanguageVideo.Status.PROCESSING
        video.original.save("demo.mp4", ContentFile(test_picture_mp4()), save=True)
        videos.process(video)
    return {}
