"""Demo posts for both officers: photos drawn with Pillow and a short clip made with
PyAV, all sent through the real upload check and processing pipeline. Idempotent: a
post whose caption already exists on the channel is not created again."""

import io
import random
from fractions import Fraction

import av
import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from officers.demo import NIGHT, photo_file, sky
from portal.media.processing import inspect_upload
from posts import media as media_store
from posts.models import MediaItem, Post
from posts.tasks import process_media

WIDTH, HEIGHT = 1000, 750
BLUE, SILVER = (18, 52, 120), (215, 220, 228)


# --- Drawing ---------------------------------------------------------------------------


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # a Pillow without FreeType
        return ImageFont.load_default()


def _sky(top, bottom, size=(WIDTH, HEIGHT)):
    return sky(top, bottom, size)


def _houses(draw, rng, horizon, colours):
    x = -20
    while x < WIDTH:
        w, h = rng.randint(110, 190), rng.randint(180, 330)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=rng.choice(colours))
        draw.polygon([(x - 8, horizon - h), (x + w // 2, horizon - h - 60),
                      (x + w + 8, horizon - h)], fill=(150, 60, 45))
        for wx in range(x + 15, x + w - 25, 38):
            for wy in range(horizon - h + 25, horizon - 50, 55):
                draw.rectangle([wx, wy, wx + 20, wy + 30], fill=(250, 236, 180))
        x += w + rng.randint(0, 12)


def _patrol_car(draw, x, y, scale=1.0, light_on=True):
    s = scale
    draw.rounded_rectangle([x, y, x + 300 * s, y + 80 * s], radius=int(22 * s), fill=SILVER)
    draw.polygon([(x + 60 * s, y), (x + 100 * s, y - 55 * s), (x + 215 * s, y - 55 * s),
                  (x + 255 * s, y)], fill=SILVER)
    draw.polygon([(x + 75 * s, y - 4 * s), (x + 105 * s, y - 47 * s), (x + 210 * s, y - 47 * s),
                  (x + 240 * s, y - 4 * s)], fill=(120, 150, 180))
    draw.rectangle([x, y + 35 * s, x + 300 * s, y + 52 * s], fill=BLUE)
    draw.rectangle([x + 140 * s, y - 72 * s, x + 180 * s, y - 55 * s],
                   fill=(40, 120, 255) if light_on else (70, 80, 120))
    draw.text((x + 100 * s, y + 36 * s), "POLIZEI", fill="white", font=_font(int(16 * s)))
    for wheel in (x + 60 * s, x + 240 * s):
        draw.ellipse([wheel - 30 * s, y + 55 * s, wheel + 30 * s, y + 115 * s], fill=NIGHT)
        draw.ellipse([wheel - 12 * s, y + 73 * s, wheel + 12 * s, y + 97 * s], fill=(160, 160, 160))


def _person(draw, x, y, colour=BLUE, scale=1.0):
    s = scale
    draw.ellipse([x - 18 * s, y - 150 * s, x + 18 * s, y - 114 * s], fill=(235, 200, 170))
    draw.rectangle([x - 22 * s, y - 150 * s, x + 22 * s, y - 138 * s], fill=colour)  # cap
    draw.rounded_rectangle([x - 28 * s, y - 112 * s, x + 28 * s, y - 40 * s],
                           radius=int(10 * s), fill=colour)
    draw.rectangle([x - 22 * s, y - 40 * s, x - 4 * s, y], fill=NIGHT)
    draw.rectangle([x + 4 * s, y - 40 * s, x + 22 * s, y], fill=NIGHT)


def _bicycle(draw, x, y, colour):
    for cx in (x, x + 150):
        draw.ellipse([cx - 55, y - 55, cx + 55, y + 55], outline=NIGHT, width=7)
    draw.line([(x, y), (x + 60, y - 70), (x + 120, y - 70), (x + 150, y)], fill=colour, width=9)
    draw.line([(x + 60, y - 70), (x + 75, y), (x, y)], fill=colour, width=9)
    draw.line([(x + 75, y), (x + 120, y - 70)], fill=colour, width=9)
    draw.line([(x + 55, y - 90), (x + 75, y - 90)], fill=NIGHT, width=10)


def street_scene(rng):
    img = _sky((120, 170, 230), (235, 240, 250))
    draw = ImageDraw.Draw(img)
    horizon = 520
    _houses(draw, rng, horizon, [(226, 206, 170), (200, 180, 160), (235, 225, 200)])
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(170, 165, 160))
    for x in range(0, WIDTH, 40):
        for y in range(horizon, HEIGHT, 25):
            draw.rectangle([x + (y // 25 % 2) * 20, y, x + 36 + (y // 25 % 2) * 20, y + 21],
                           outline=(150, 145, 140))
    _person(draw, 420, 700, scale=1.2)
    _person(draw, 520, 705, scale=1.2)
    return img


def bike_scene(rng):
    img = _sky((245, 240, 230), (205, 200, 190))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(120, 120, 125))
    draw.rectangle([80, 470, 560, 500], fill=(140, 100, 60))  # table
    draw.rectangle([100, 500, 120, 640], fill=(110, 80, 50))
    draw.rectangle([520, 500, 540, 640], fill=(110, 80, 50))
    draw.text((120, 420), "FAHRRADCODIERUNG", fill=BLUE, font=_font(34))
    for i, colour in enumerate([(200, 40, 40), (40, 140, 60), (30, 30, 30)]):
        _bicycle(draw, 600 + (i % 2) * 40, 600 + i * 40, colour)
    _person(draw, 300, 650)
    return img


def engraving_scene(rng):
    img = _sky((90, 90, 95), (40, 40, 45))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle([150, 300, 850, 420], radius=40, fill=(185, 30, 30))  # bike frame
    code = "KL " + " ".join(f"{rng.randint(100, 999)}" for _ in range(3))
    draw.text((260, 335), code, fill=(240, 240, 240), font=_font(48))
    draw.line([(700, 150), (560, 345)], fill=(230, 200, 60), width=28)  # engraving pen
    draw.ellipse([540, 330, 580, 370], fill=(250, 250, 200))
    return img


def traffic_scene(rng):
    img = _sky((150, 190, 235), (230, 235, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 430, WIDTH, HEIGHT], fill=(80, 82, 88))
    for x in range(0, WIDTH, 120):
        draw.rectangle([x, 580, x + 70, 592], fill="white")
    _patrol_car(draw, 560, 420, scale=1.2)
    for x in (120, 230, 340):
        draw.polygon([(x, 680), (x + 30, 590), (x + 60, 680)], fill=(250, 120, 20))
        draw.rectangle([x + 12, 630, x + 48, 642], fill="white")
    draw.rounded_rectangle([120, 250, 420, 380], radius=12, fill="white", outline=(190, 20, 20),
                           width=10)
    draw.text((165, 285), "POLIZEI\nHALT", fill=(190, 20, 20), font=_font(40))
    return img


def open_day_scene(rng):
    img = _sky((110, 170, 240), (220, 235, 250))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 500, WIDTH, HEIGHT], fill=(90, 160, 80))
    draw.polygon([(80, 500), (300, 300), (520, 500)], fill="white", outline=BLUE)
    draw.rectangle([120, 500, 480, 520], fill=BLUE)
    draw.text((200, 420), "Tag der\noffenen Tür", fill=BLUE, font=_font(30))
    for _ in range(9):
        x, y = rng.randint(560, 960), rng.randint(60, 300)
        colour = rng.choice([(220, 40, 40), (40, 90, 220), (250, 200, 40), (60, 170, 90)])
        draw.line([(x, y + 40), (x + rng.randint(-20, 20), y + 160)], fill=(90, 90, 90), width=2)
        draw.ellipse([x - 28, y - 36, x + 28, y + 40], fill=colour)
    for x in range(560, 980, 70):
        _person(draw, x, 700 + rng.randint(-10, 10), rng.choice(
            [(200, 80, 80), (80, 120, 200), (220, 180, 60)]), scale=0.9)
    return img


def station_scene(rng):
    img = _sky((170, 200, 235), (240, 240, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(150, 150, 150))
    draw.rectangle([120, 180, 880, 560], fill=(235, 228, 215))
    for x in range(170, 840, 110):
        for y in (230, 330):
            draw.rectangle([x, y, x + 60, y + 70], fill=(130, 170, 210))
    draw.rectangle([420, 430, 580, 560], fill=(110, 80, 55))
    draw.rectangle([330, 130, 670, 190], fill=BLUE)
    draw.text((400, 142), "POLIZEI", fill="white", font=_font(40))
    _patrol_car(draw, 600, 560, scale=0.9)
    return img


def dog_scene(rng):
    img = _sky((140, 190, 240), (225, 240, 225))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 450, WIDTH, HEIGHT], fill=(80, 150, 70))
    for _ in range(120):
        x, y = rng.randint(0, WIDTH), rng.randint(460, HEIGHT)
        draw.line([(x, y), (x + rng.randint(-4, 4), y - 12)], fill=(60, 120, 50), width=2)
    brown, dark = (140, 95, 50), (70, 45, 25)
    draw.ellipse([380, 470, 640, 580], fill=brown)  # body
    draw.ellipse([590, 400, 700, 490], fill=brown)  # head
    draw.polygon([(600, 410), (615, 360), (640, 410)], fill=dark)  # ears
    draw.polygon([(650, 410), (675, 360), (690, 412)], fill=dark)
    draw.ellipse([680, 440, 720, 470], fill=dark)  # snout
    for x in (400, 440, 570, 610):
        draw.rectangle([x, 560, x + 22, 650], fill=brown)
    draw.line([(385, 500), (320, 440)], fill=brown, width=16)  # tail
    draw.line([(700, 480), (800, 560)], fill=(200, 30, 30), width=5)  # leash
    _person(draw, 820, 700, scale=1.3)
    return img


def patrol_clip(seconds=3, size=(640, 360), fps=15):
    """A patrol car drives through the street at night, blue light flashing."""
    rng = random.Random(7)  # noqa: S311 (pictures, not secrets)
    background = street_scene(rng).resize(size)
    dim = Image.blend(background, Image.new("RGB", size, NIGHT), 0.45)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(seconds * fps):
            frame = dim.copy()
            draw = ImageDraw.Draw(frame)
            x = -200 + (size[0] + 200) * i / (seconds * fps)
            _patrol_car(draw, x, 250, scale=0.5, light_on=(i // 3) % 2 == 0)
            if (i // 3) % 2 == 0:
                draw.ellipse([x + 55, 195, x + 105, 235], outline=(90, 160, 255), width=3)
            video_frame = av.VideoFrame.from_ndarray(np.asarray(frame), format="rgb24")
            video_frame.pts, video_frame.time_base = i, Fraction(1, fps)
            container.mux(stream.encode(video_frame))
        container.mux(stream.encode(None))
    return SimpleUploadedFile("einsatzfahrt.mp4", buffer.getvalue(), "video/mp4")



# --- Content ---------------------------------------------------------------------------

POSTS = {
    "isabel_polizeikl": [
        {
            "caption": "Frühschicht in der Innenstadt 🚓 Heute Morgen waren wir zu Fuß in der "
                       "Fußgängerzone unterwegs – danke für die vielen netten Gespräche! "
                       "#Streife #Kaiserslautern",
            "place": "Fackelstraße", "days": 9,
            "photos": [(street_scene, "Zwei Polizistinnen in Uniform gehen über einen "
                                      "gepflasterten Platz vor bunten Altstadthäusern.")],
        },
        {
            "caption": "Fahrradcodierung vor der Polizeiinspektion 2: Über 40 Räder haben "
                       "heute eine Codierung bekommen. So finden gestohlene Räder leichter "
                       "zurück zu ihren Besitzern. Der nächste Termin folgt! "
                       "#Fahrradcodierung #Prävention",
            "place": "Logenstraße", "days": 6,
            "photos": [
                (bike_scene, "Ein Tisch mit dem Schild Fahrradcodierung, davor drei Fahrräder "
                             "und eine Polizistin."),
                (engraving_scene, "Nahaufnahme: Ein Gravierstift schreibt einen Code in "
                                  "einen roten Fahrradrahmen."),
            ],
        },
        {
            "caption": "Tag der offenen Tür 👮‍♀️ Streifenwagen anschauen, Fingerabdrücke "
                       "nehmen, Fragen stellen – schön, dass so viele von euch da waren! "
                       "#TagderoffenenTür",
            "place": "Polizeiinspektion 2", "days": 3,
            "photos": [
                (open_day_scene, "Ein weißes Zelt mit der Aufschrift Tag der offenen Tür, "
                                 "bunte Luftballons und viele Besucherinnen und Besucher."),
                (station_scene, "Das Gebäude der Polizeiinspektion mit blauem "
                                "Polizei-Schild, davor ein Streifenwagen."),
                (traffic_scene, "Ein Streifenwagen und Leitkegel, ausgestellt für die "
                                "Besucher."),
            ],
        },
        {
            "caption": "Kurzer Einblick: So sieht eine Fahrt durch die Innenstadt bei Nacht "
                       "aus. Blaulicht und Martinshorn gibt es nur, wenn es wirklich eilt. "
                       "#Blaulicht #Nachtschicht",
            "place": "Innenstadt", "days": 1, "video": True,
            "alt": "Ein Streifenwagen mit blinkendem Blaulicht fährt nachts durch eine Straße.",
        },
        {
            "caption": "Entwurf: Präventionsvortrag in der Grundschule – Fotos folgen.",
            "place": "", "days": 0, "draft": True,
            "photos": [(station_scene, "Das Gebäude der Polizeiinspektion.")],
        },
    ],
    "felix_polizeikl": [
        {
            "caption": "Streife in der Altstadt bei bestem Wetter ☀️ Wenn ihr uns seht: "
                       "Sprecht uns gerne an! #Altstadt #Streife",
            "place": "Altstadt", "days": 8,
            "photos": [(street_scene, "Zwei Polizisten auf Fußstreife vor den Fachwerkhäusern "
                                      "der Altstadt.")],
        },
        {
            "caption": "Verkehrskontrolle am Stadtrand: Heute ging es um das Handy am Steuer. "
                       "Die meisten waren vorbildlich unterwegs – danke! Mehr Infos zur "
                       "Verkehrssicherheit: https://www.polizei.rlp.de/ #Verkehrssicherheit",
            "place": "Mainzer Straße", "days": 5,
            "photos": [(traffic_scene, "Ein Streifenwagen am Straßenrand, davor Leitkegel und "
                                       "ein Schild mit der Aufschrift Polizei Halt.")],
        },
        {
            "caption": "Besuch bei der Hundestaffel 🐕 Diensthund Aron hat uns gezeigt, was "
                       "er kann. Ganz schön beeindruckend! #Hundestaffel",
            "place": "Übungsgelände", "days": 2,
            "photos": [
                (dog_scene, "Ein brauner Diensthund an der Leine steht auf einer Wiese neben "
                            "einem Polizisten."),
                (street_scene, "Die Hundeführer auf dem Weg zum Übungsgelände."),
            ],
        },
    ],
}


def _add_media(post, upload, position, alt_text):
    info = inspect_upload(upload)
    item = MediaItem(post=post, kind=info.kind, position=position, alt_text=alt_text,
                     width=info.width, height=info.height, duration=info.duration)
    media_store.store_original(item, upload)
    item.save()
    process_media.call(item.pk)  # the real task, run here instead of by the worker
    item.refresh_from_db()
    if item.status != MediaItem.Status.READY:
        raise RuntimeError(f"demo media failed: {item.failure_reason}")


def create_posts(command, officers):
    now = timezone.now()
    created = 0
    for officer in officers:
        rng = random.Random(officer.handle)  # noqa: S311 (pictures, not secrets)
        for spec in POSTS.get(officer.handle, []):
            if Post.objects.filter(officer=officer, caption=spec["caption"]).exists():
                continue
            draft = spec.get("draft", False)
            post = Post.objects.create(
                officer=officer, author=officer.user, caption=spec["caption"],
                place_name=spec["place"],
                state=Post.State.DRAFT if draft else Post.State.PUBLISHED,
                published_at=None if draft else now - timezone.timedelta(
                    days=spec["days"], hours=rng.randint(1, 8)),
            )
            if spec.get("video"):
                _add_media(post, patrol_clip(), 0, spec["alt"])
            for position, (draw, alt_text) in enumerate(spec.get("photos", [])):
                _add_media(post, photo_file(draw(rng)), position, alt_text)
            created += 1
    command.stdout.write(f"posts: {created} created")
