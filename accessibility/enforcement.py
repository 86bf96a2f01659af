"""The body a person may turn to when the answer to their feedback on a barrier does not
satisfy them, or none comes within the month (BGG § 16 for federal bodies, the Land's
law for the Land's bodies). Chosen by ACCESSIBILITY_ENFORCEMENT_BODY; the accessibility
statement names it."""

from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EnforcementBody:
    name: str
    procedure: str  # what it does, in a sentence
    address: tuple  # lines
    phone: str
    email: str
    url: str


BODIES = {
    "federal": EnforcementBody(
        name=_("Schlichtungsstelle nach § 16 BGG (conciliation body under the Disability "
               "Equality Act) at the Federal Government Commissioner for Matters relating "
               "to Persons with Disabilities"),
        procedure=_("The conciliation procedure is free of charge and needs no lawyer. Its "
                    "aim is an agreement out of court."),
        address=("Mauerstraße 53", "10117 Berlin"),
        phone="+49 30 18 527-2805",
        email="info@schlichtungsstelle-bgg.de",
        url="https://www.schlichtungsstelle-bgg.de/",
    ),
    "rheinland-pfalz": EnforcementBody(
        name=_("Durchsetzungsstelle (enforcement body) at the Commissioner of "
               "Rhineland-Palatinate for Matters relating to Persons with Disabilities"),
        procedure=_("It checks, on request, whether a website of a public body in "
                    "Rhineland-Palatinate meets the rules (Landesinklusionsgesetz, BITV RP), "
                    "and asks the body to remove the barriers it finds. The procedure is "
                    "free of charge."),
        address=("Bauhofstraße 9", "55116 Mainz"),
        phone="+49 6131 16-5342",
        email="durchsetzungsstelle@mastd.rlp.de",
        url="https://inklusion.rlp.de/de/landesbeauftragte-landesteilhabebeirat/durchsetzungsstelle/",
    ),
}


def current():
    return BODIES[settings.ACCESSIBILITY_ENFORCEMENT_BODY]


@checks.register()
def check_enforcement_body(app_configs, **kwargs):
    if settings.ACCESSIBILITY_ENFORCEMENT_BODY in BODIES:
        return []
    return [checks.Error(
        f"ACCESSIBILITY_ENFORCEMENT_BODY is {settings.ACCESSIBILITY_ENFORCEMENT_BODY!r}.",
        hint="Use one of: " + ", ".join(BODIES) + ".",
        id="accessibility.E001",
    )]
