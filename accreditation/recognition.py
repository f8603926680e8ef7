"""Recognition by scope: whether an accreditation body's signature covers an accreditation.

The rule, for an accreditation by body B against CASCO standard C (covered by
arrangement A, the IAF MLA or the ILAC MRA), for certifiable standard S:

- a body that a source places outside IAF and ILAC is recognised for nothing;
- the record that rules is B's record for A and C when B has records itemising A's
  scopes, else B's whole-field record for A (a source that does not itemise scopes);
- that record's status counts, unless it names sub-scope standards and S is not one
  of them; no ruling record, or S outside its sub-scope, is "not confirmed", never "no".

An accreditation is recognised when the status is "yes": for S when a search names a
standard, else for the CASCO standard or some standard in the accreditation's scope.
``Recognitions`` says it in Python (verdicts, the search index); ``recognised_q`` in
SQL (the search's reference executor). ``tests/search/test_index.py`` checks the two
agree on random data, as ``effective_status_q`` and ``effective_status_on`` do.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_noop

from accreditation.models import (
    IAF_KINDS,
    AccreditationBody,
    Arrangement,
    Membership,
    Recognition,
    RecognitionStandard,
    Signatory,
    Standard,
    arrangement_for,
)

# What each kind of accredited body does, as a signature's scope is said.
# Marked for translation; translated where shown (bodies.verdicts, the recognition table).
ACTIVITY = {
    Standard.AppliesTo.MANAGEMENT_SYSTEM_CB: gettext_noop("management-system certification"),
    Standard.AppliesTo.PRODUCT_CB: gettext_noop("product certification"),
    Standard.AppliesTo.PERSONNEL_CB: gettext_noop("certification of persons"),
    Standard.AppliesTo.VV_BODY: gettext_noop("validation and verification"),
    Standard.AppliesTo.LABORATORY: gettext_noop("testing and calibration"),
    Standard.AppliesTo.MEDICAL_LABORATORY: gettext_noop("medical testing"),
    Standard.AppliesTo.INSPECTION_BODY: gettext_noop("inspection"),
    Standard.AppliesTo.PT_PROVIDER: gettext_noop("proficiency testing"),
    Standard.AppliesTo.RM_PRODUCER: gettext_noop("reference material production"),
}
SUCCESSOR = "Global Accreditation Cooperation"


@dataclass(frozen=True)
class Standing:
    """How an accreditation body's signature stands for one scope, and the record that says so."""

    status: str  # a Signatory value
    arrangement: str  # an Arrangement value
    activity: str  # "management-system certification" ...
    record: object = None  # the ruling Recognition, if any
    not_member: bool = False
    sub_scope: tuple = ()  # the codes of the ruling record's sub-scope, when it names some

    @property
    def is_recognised(self):
        return self.status == Signatory.YES and not self.not_member

    @property
    def arrangement_label(self):
        return Arrangement(self.arrangement).label

    @property
    def code(self):
        """ "signatory", "not_signatory", "not_confirmed" or "not_member", for outputs."""
        if self.not_member:
            return "not_member"
        return {Signatory.YES: "signatory", Signatory.NO: "not_signatory"}.get(
            self.status, "not_confirmed"
        )


class Recognitions:
    """Every recognition record by body and arrangement, and the bodies outside IAF/ILAC."""

    def __init__(self, records, not_members):
        self.records = {}
        for record in records:
            key = (record.accreditation_body_id, record.arrangement)
            self.records.setdefault(key, []).append(record)
        self.not_members = frozenset(not_members)

    @classmethod
    def load(cls, accreditation_bodies=None):
        """The records of these accreditation bodies (of all, for None) with their
        sub-scopes: two queries, and one more for all."""
        records = Recognition.objects.prefetch_related("standards")
        if accreditation_bodies is None:
            accreditation_bodies = AccreditationBody.objects.all()
        else:
            records = records.filter(accreditation_body__in=[ab.pk for ab in accreditation_bodies])
        not_members = [ab.pk for ab in accreditation_bodies if ab.is_not_member]
        return cls(list(records), not_members)

    def ruling_record(self, ab_id, arrangement, casco_id):
        """The itemised record for the CASCO standard, or the whole-field one (see module)."""
        records = self.records.get((ab_id, arrangement), ())
        itemised = [r for r in records if r.casco_standard_id is not None]
        if itemised:
            return next((r for r in itemised if r.casco_standard_id == casco_id), None)
        return next((r for r in records if r.casco_standard_id is None), None)

    def standing(self, ab_id, casco, standard_id=None):
        """How body ``ab_id``'s signature stands for ``casco`` (and a certifiable standard)."""
        arrangement = arrangement_for(casco.applies_to)
        activity = ACTIVITY.get(casco.applies_to, casco.get_applies_to_display().lower())
        if ab_id in self.not_members:
            return Standing(Signatory.NO, arrangement, activity, not_member=True)
        record = self.ruling_record(ab_id, arrangement, casco.pk)
        if record is None:
            return Standing(Signatory.UNKNOWN, arrangement, activity)
        sub_scope = {s.pk: s.code for s in record.standards.all()}
        status = record.status
        if sub_scope and standard_id not in sub_scope:
            status = Signatory.UNKNOWN
        return Standing(status, arrangement, activity, record, sub_scope=tuple(sub_scope.values()))

    def recognised(self, ab_id, casco, standard_ids, standard_id=None):
        """Whether an accreditation (with ``standard_ids`` in scope) is recognised (see module)."""
        if standard_id is not None:
            return self.standing(ab_id, casco, standard_id).is_recognised
        standing = self.standing(ab_id, casco)
        if standing.is_recognised:
            return True
        if not standing.sub_scope:
            return False
        return any(self.standing(ab_id, casco, s).is_recognised for s in standard_ids)


def split_sources(text):
    """A source field's parts as (text, is_link) pairs: a web address, or a description of a
    page ("standardslaboratorysupply.com/a2la (third-party page)") that is not linked."""
    parts = [part.strip() for part in text.split("|") if part.strip()]
    return [(part, part.startswith(("https://", "http://"))) for part in parts]


@dataclass(frozen=True)
class Claim:
    """One recognition record as an accreditation-body page shows it."""

    record: object
    activity: str
    # A whole-field record that the body's itemised records for its arrangement override.
    overridden: bool


def claims(accreditation_body):
    """The body's recognition records, by arrangement then scope, for its page (two queries)."""
    records = list(
        accreditation_body.recognitions.select_related("casco_standard").prefetch_related(
            "standards"
        )
    )
    itemised = {r.arrangement for r in records if r.casco_standard_id is not None}
    shown = []
    for record in sorted(
        records, key=lambda r: (r.arrangement, r.casco_standard is not None, str(r.casco_standard))
    ):
        casco = record.casco_standard
        activity = ACTIVITY.get(casco.applies_to, "") if casco else ""
        overridden = casco is None and record.arrangement in itemised
        shown.append(Claim(record, activity, overridden))
    return shown


def international_standing(accreditation_body, claims):
    """ "signatory", "member", "not_member" or "not_confirmed": the body's standing."""
    if accreditation_body.is_not_member:
        return "not_member"
    if any(c.record.status == Signatory.YES and not c.overridden for c in claims):
        return "signatory"
    if accreditation_body.membership == Membership.MEMBER:
        return "member"
    return "not_confirmed"


def _covering(arrangement, standard):
    """Expression over accreditations: recognised under ``arrangement`` (see module)."""
    records = Recognition.objects.filter(
        accreditation_body=OuterRef("accreditation_body"), arrangement=arrangement
    )
    itemised = records.filter(casco_standard__isnull=False)
    sub_scope = RecognitionStandard.objects.filter(recognition=OuterRef("pk"))
    if standard is not None:
        in_sub_scope = sub_scope.filter(standard=standard)
    else:
        # Some standard in the accreditation's scope (the outer query's outer query).
        in_sub_scope = sub_scope.filter(standard__scope_accreditations=OuterRef(OuterRef("pk")))
    ruling_yes = itemised.filter(casco_standard=OuterRef("casco_standard"), status=Signatory.YES)
    covers = ruling_yes.filter(~Exists(sub_scope) | Exists(in_sub_scope))
    whole_field_yes = records.filter(casco_standard__isnull=True, status=Signatory.YES)
    return Exists(covers) | (~Exists(itemised) & Exists(whole_field_yes))


def recognised_q(standard=None):
    """Q over accreditations: recognised (for ``standard``, when given), in SQL (see module)."""
    iaf_kind = Q(casco_standard__applies_to__in=IAF_KINDS)
    return ~Q(accreditation_body__membership=Membership.NOT_MEMBER) & (
        (iaf_kind & _covering(Arrangement.IAF_MLA, standard))
        | (~iaf_kind & _covering(Arrangement.ILAC_MRA, standard))
    )


@lru_cache(maxsize=2)
def recognitions_for_version(version):
    """Every accreditation body's recognition records, read once per directory version:
    a body page's or a comparison's verdicts cost no query for them after the first."""
    return Recognitions.load()


def forget_recognitions():
    """Drop the remembered recognitions (tests roll the directory version back)."""
    recognitions_for_version.cache_clear()
