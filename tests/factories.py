"""factory_boy factories; reference data (standards, sectors, ABs) comes from the migrations."""

import datetime

import factory
from django.utils import timezone

from accreditation.events import AccreditationEvent, EventKind, EventOrigin
from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody


def standard(slug):
    return Standard.objects.get(slug=slug)


def accreditation_body(slug):
    return AccreditationBody.objects.get(slug=slug)


class CertificationBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationBody

    name = factory.Sequence(lambda n: f"Example Certification {n}")
    slug = factory.Sequence(lambda n: f"example-certification-{n}")
    country = "DE"
    city = "Berlin"
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example")


class AccreditationBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationBody

    acronym = factory.Sequence(lambda n: f"XAB{n}")
    slug = factory.LazyAttribute(lambda o: o.acronym.lower())
    name = factory.LazyAttribute(lambda o: f"{o.acronym} Accreditation Service")
    country = "FR"


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation
        skip_postgeneration_save = True

    body = factory.SubFactory(CertificationBodyFactory)
    accreditation_body = factory.LazyFunction(lambda: accreditation_body("dakks"))
    number = factory.Sequence(lambda n: f"D-ZM-{10000 + n}")
    casco_standard = factory.LazyFunction(lambda: standard("iso-iec-17021-1"))
    status = AccreditationStatus.ACTIVE
    granted_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=800))

    @factory.post_generation
    def standards(self, create, extracted, **kwargs):
        if create:
            self.standards.set(extracted if extracted is not None else [standard("iso-9001")])

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(SectorCode.objects.filter(code__in=extracted))

    @factory.post_generation
    def refresh_body(self, create, extracted, **kwargs):
        if create:
            self.body.save()


class AccreditationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationEvent

    accreditation = factory.SubFactory(AccreditationFactory)
    kind = EventKind.GRANTED
    effective_on = factory.LazyAttribute(lambda o: o.accreditation.granted_on)
    origin = EventOrigin.ADMIN
