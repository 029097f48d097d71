import factory

from accounts.models import Membership, Provider, Region, User
from kamportal.lib.orgnr import org_number_check_digit
from recruitment.models import Contact, Employer

PASSWORD = "test-passord-123"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Region {n}")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Tiltak {n} AS")
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Sequence(lambda n: f"Person Nummer{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            for role in extracted:
                Membership.objects.create(user=self, role=role, region=kwargs.get("region"))
        self.save()


def valid_org_number(n: int) -> str:
    base = 91000000 + n * 13
    while org_number_check_digit(str(base)) is None:
        base += 1
    return f"{base}{org_number_check_digit(str(base))}"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Bedrift {n} AS")
    org_number = factory.Sequence(valid_org_number)
    region = factory.SubFactory(RegionFactory)
    municipality = "Bergen"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    employer = factory.SubFactory(EmployerFactory)
    full_name = factory.Sequence(lambda n: f"Kontakt {n}")
    email = factory.Sequence(lambda n: f"kontakt{n}@bedrift.no")
    is_primary = True
