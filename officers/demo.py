"""Demo content of the officers app: two stations and the two channels of the pilot."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageOps

from officers.models import Officer, Station
from officers.tasks import process_portrait

NIGHT = (30, 34, 48)


def sky(top, bottom, size):
    """A vertical gradient, the background of every demo picture."""
    gradient = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(gradient, top, bottom)


def photo_file(image, name="demo.jpg"):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def portrait(officer_index):
    """A round-faced officer figure on the station's blue, for the channel page."""
    img = sky((60, 100, 180), (20, 50, 120), size=(600, 600))
    draw = ImageDraw.Draw(img)
    skin = [(235, 200, 170), (215, 175, 140)][officer_index % 2]
    draw.rounded_rectangle([130, 400, 470, 640], radius=80, fill=(25, 45, 95))
    draw.ellipse([190, 150, 410, 400], fill=skin)
    draw.rectangle([170, 130, 430, 200], fill=(20, 35, 80))
    draw.rectangle([160, 195, 440, 215], fill=(10, 20, 50))
    draw.ellipse([285, 150, 315, 180], fill=(230, 200, 60))
    for x in (255, 345):
        draw.ellipse([x - 10, 265, x + 10, 285], fill=NIGHT)
    draw.arc([255, 300, 345, 360], 20, 160, fill=NIGHT, width=5)
    return photo_file(img, "portrait.jpg")


def _portrait(officer, index):
    if officer.portrait:
        return
    officer.portrait.save("portrait", portrait(index), save=True)
    process_portrait.call(officer.pk, officer.portrait.name)



def create(command, *, officer_users, **context):
    pi1, _ = Station.objects.get_or_create(
        name="Polizeiinspektion 1 Kaiserslautern",
        defaults={"address": "Altstadt, 67657 Kaiserslautern", "district": "Altstadt"},
    )
    pi2, _ = Station.objects.get_or_create(
        name="Polizeiinspektion 2 Kaiserslautern",
        defaults={"address": "Logenstraße 5, 67655 Kaiserslautern", "district": "Innenstadt"},
    )
    officers = [
        Officer.objects.update_or_create(
            handle="isabel_polizeikl",
            defaults={
                "user": officer_users[0],
                "display_name": "Isabel",
                "rank": "Polizeikommissarin",
                "station": pi2,
                "bio": "26, Polizeikommissarin in der Polizeiinspektion 2 (Logenstraße). "
                "Ich zeige Ihnen meinen Streifenalltag und beantworte Ihre Fragen.",
            },
        )[0],
        Officer.objects.update_or_create(
            handle="felix_polizeikl",
            defaults={
                "user": officer_users[1],
                "display_name": "Felix",
                "rank": "Polizeikommissar",
                "station": pi1,
                "bio": "24, Polizeikommissar in der Polizeiinspektion 1 (Altstadt). "
                "Dienst für und mit dem Bürger – jetzt auch digital.",
            },
        )[0],
    ]
    for index, officer in enumerate(officers):
        _portrait(officer, index)
    return {"officers": officers}
