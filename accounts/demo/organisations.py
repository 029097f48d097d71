"""Demo data for `make run`: one region, three providers with staff, ten employers with contacts.

Idempotent: every object is looked up by a natural key first, so running it twice changes nothing.
"""

from accounts.models import Membership, Provider, Region, Role, User
from kamportal.lib.orgnr import org_number_check_digit

DEMO_PASSWORD = "demo-passord-2026"
REGION = "Vestland"

PROVIDERS = [
    ("Fjordtiltak AS", "fjordtiltak"),
    ("Bergen Arbeid og Inkludering AS", "bai"),
    ("Hordaland Attføring AS", "hatt"),
]

# (provider slug, role, full name)
STAFF = [
    ("fjordtiltak", Role.KAM, "Ingrid Haugland"),
    ("fjordtiltak", Role.ADVISOR, "Ola Nordmann"),
    ("fjordtiltak", Role.PROVIDER_ADMIN, "Kari Sølvberg"),
    ("bai", Role.KAM, "Magnus Øvrebø"),
    ("bai", Role.ADVISOR, "Sigrid Aasen"),
    ("bai", Role.PROVIDER_ADMIN, "Per Kråkenes"),
    ("hatt", Role.KAM, "Hanne Bjørkås"),
    ("hatt", Role.ADVISOR, "Jonas Lie"),
    ("hatt", Role.PROVIDER_ADMIN, "Åse Grønnevik"),
]

EMPLOYERS = [
    # (name, municipality, provider slug of the agreement, contact name, contact title)
    ("Bergen Sjømat AS", "Bergen", "fjordtiltak", "Åshild Myklebust", "HR-sjef"),
    ("Vestlandske Bygg og Anlegg AS", "Bergen", "fjordtiltak", "Terje Østensjø", "Daglig leder"),
    ("Fjordhotellet Voss AS", "Voss", "fjordtiltak", "Line Brekke", "Personalansvarlig"),
    ("Hardanger Fruktlager AS", "Ullensvang", "bai", "Øyvind Tveit", "Driftsleder"),
    ("Askøy Logistikk AS", "Askøy", "bai", "Marte Hjelle", "HR-rådgiver"),
    ("Sunnhordland Helse og Omsorg AS", "Stord", "bai", "Bjørn Sæle", "Avdelingsleder"),
    ("Kystverkstedet Florø AS", "Kinn", "hatt", "Nina Førde", "Verkstedsjef"),
    ("Osterøy Møbelfabrikk AS", "Osterøy", "hatt", "Eirik Bø", "Produksjonsleder"),
    ("Sotra Handel AS", "Øygarden", "hatt", "Hege Vågen", "Butikksjef"),
    ("Nordhordland Renhold AS", "Alver", "fjordtiltak", "Gunnar Høyland", "Daglig leder"),
]


def demo_org_numbers(count: int) -> list[str]:
    numbers, base = [], 91234560
    while len(numbers) < count:
        digit = org_number_check_digit(str(base))
        if digit is not None:
            numbers.append(f"{base}{digit}")
        base += 7
    return numbers


def _email(name: str, domain: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    return f"{name.lower().translate(table).replace(' ', '.')}@{domain}"


def _user(*, email: str, full_name: str, provider=None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, provider=provider)
    return user


def seed_organisations() -> tuple[list[tuple[str, str]], dict]:
    """Region, providers, staff, employers and contacts; returns the demo logins and the providers by slug."""
    from recruitment.models import Contact, Employer

    logins: list[tuple[str, str]] = []
    region, _ = Region.objects.get_or_create(name=REGION)
    providers = {}
    for name, slug in PROVIDERS:
        providers[slug], _ = Provider.objects.get_or_create(name=name, defaults={"region": region})

    kams = {}
    for slug, role, full_name in STAFF:
        provider = providers[slug]
        user = _user(email=_email(full_name, f"{slug}.demo.no"), full_name=full_name, provider=provider)
        Membership.objects.get_or_create(user=user, role=role)
        if role == Role.KAM:
            kams[slug] = user
        logins.append((f"{Role(role).label} – {provider.name}", user.email))

    coordinator = _user(email="randi.fosse@vestland.demo.no", full_name="Randi Fosse")
    Membership.objects.get_or_create(user=coordinator, role=Role.REGION_COORDINATOR, defaults={"region": region})
    logins.append((str(Role.REGION_COORDINATOR.label), coordinator.email))

    for (name, municipality, slug, contact_name, title), org_number in zip(
        EMPLOYERS, demo_org_numbers(len(EMPLOYERS)), strict=True
    ):
        employer, _ = Employer.objects.get_or_create(
            org_number=org_number,
            defaults={
                "name": name,
                "region": region,
                "municipality": municipality,
                "responsible_provider": providers[slug],
                "responsible_kam": kams[slug],
            },
        )
        domain = name.split(" ")[0].lower().translate(str.maketrans({"ø": "o", "å": "a", "æ": "ae"}))
        Contact.objects.get_or_create(
            employer=employer,
            email=_email(contact_name, f"{domain}.demo.no"),
            defaults={"full_name": contact_name, "title": title, "is_primary": True},
        )

    first_contact = Contact.objects.filter(employer__org_number=demo_org_numbers(1)[0]).first()
    if first_contact.user_id is None:
        first_contact.user = _user(email=first_contact.email, full_name=first_contact.full_name)
        first_contact.save(update_fields=["user"])
    logins.append((f"Kontaktperson – {first_contact.employer.name}", first_contact.email))

    return logins, providers
