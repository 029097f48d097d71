import factory

from recruitment.models import ContactKind, ContactLogEntry
from tests.factories import EmployerFactory, UserFactory


class ContactLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactLogEntry

    employer = factory.SubFactory(EmployerFactory)
    kam = factory.SubFactory(UserFactory)
    kind = ContactKind.MEETING
    occurred_on = factory.Faker("date_this_year")
    participants = "Kari Kontakt"
