"""Forms of the admin CSV import: upload a file, preview what it changes, confirm that file.

Between the preview and the confirmation the upload is kept in ``STAGING_DIR``, named by
a random token that only the uploader's session holds, next to the SHA-256 of its
content. Confirming opens the file, checks the digest and imports from that same handle,
so the import applies exactly the bytes that were previewed.
"""

import contextlib
import hashlib
import os
import secrets
import stat
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bodies.csvio.importer import import_bodies_csv

# The largest file the admin takes: a first import of a file this size (about 13,000
# rows) previews in about 4 s and is confirmed in about 11 s on PostgreSQL, well within
# a 30 s worker timeout; 50 MB took minutes. Larger files go through import_bodies.
MAX_UPLOAD_SIZE = 2 * 1024 * 1024
STAGING_DIR = Path(tempfile.gettempdir()) / "certdir-imports"
# Seconds a preview stays confirmable; older staged files go at the next upload or
# confirmation, whoever makes it.
STALE_AFTER = 60 * 60
SESSION_KEY = "bodies_csv_import"

COLUMN_HELP = {
    "name": _("Required. Rows with the same name and country describe one body."),
    "country": _("Required. ISO 3166-1 alpha-2 code, e.g. DE."),
    "city": _("Optional."),
    "website": _("Optional. An http:// or https:// address."),
    "aliases": _("Optional. Other or former names, separated by “;”."),
    "accreditation_body": _(
        "Required for an accreditation. The accreditation body's acronym, e.g. DAkkS."
    ),
    "accreditation_number": _(
        "Required for an accreditation. As issued by the accreditation body."
    ),
    "casco_standard": _(
        "Required for an accreditation. The CASCO standard accredited against, "
        "e.g. ISO/IEC 17021-1."
    ),
    "standards": _("Optional. Certifiable standards in scope, separated by “;”, e.g. ISO 9001."),
    "iaf_codes": _("Optional. IAF sector codes (1 to 39), separated by “;”."),
    "status": _("Required for an accreditation. active, suspended, withdrawn or expired."),
    "granted_on": _("Optional. A date as YYYY-MM-DD."),
    "valid_until": _("Optional. A date as YYYY-MM-DD."),
    "scope_document_url": _(
        "Optional (a file without this column and the next still imports). "
        "The accreditation body's published schedule or register entry, an https:// address."
    ),
    "last_verified_on": _(
        "Optional. The day the record was last checked against that "
        "schedule or register, as YYYY-MM-DD."
    ),
    "status_since": _(
        "Optional (a file without this column still imports). The day the status "
        "took effect, as YYYY-MM-DD: a new or changed status is recorded in the accreditation's "
        "timeline as of that day (as of the day of the import, when empty)."
    ),
}


class StaleUpload(Exception):
    """The staged file is gone or no longer has the content that was previewed."""


def _staging_dir():
    STAGING_DIR.mkdir(mode=0o700, exist_ok=True)
    # The system temp dir is shared: refuse a directory someone else created first.
    info = STAGING_DIR.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise ImproperlyConfigured(
            f"{STAGING_DIR} must be a directory owned by this user with mode 0700."
        )
    return STAGING_DIR


def sweep_stale_uploads():
    """Delete staged files older than ``STALE_AFTER``, whichever session left them."""
    limit = time.time() - STALE_AFTER
    for path in _staging_dir().glob("*.csv"):
        # Another worker may sweep the same file at the same time.
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < limit:
                path.unlink()


@dataclass(frozen=True)
class StagedUpload:
    """An uploaded file kept between its preview and its confirmation."""

    token: str
    sha256: str
    name: str
    size: int

    @property
    def path(self):
        return STAGING_DIR / f"{self.token}.csv"

    @classmethod
    def create(cls, upload, session):
        """Store ``upload`` under a new token that ``session`` remembers instead of any other."""
        discard_pending(session)
        sweep_stale_uploads()
        token = secrets.token_urlsafe(32)
        digest = hashlib.sha256()
        path = _staging_dir() / f"{token}.csv"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
        staged = cls(token=token, sha256=digest.hexdigest(), name=upload.name, size=upload.size)
        session[SESSION_KEY] = asdict(staged)
        return staged

    @classmethod
    def pending(cls, session):
        """The upload this session previewed last, or None."""
        data = session.get(SESSION_KEY)
        return cls(**data) if data else None

    def open(self):
        """The file at its start, once its content is checked against the previewed digest."""
        try:
            file = self.path.open("rb")
        except FileNotFoundError:
            raise StaleUpload(
                gettext("This preview has expired; upload the file again. Nothing was imported.")
            ) from None
        if hashlib.file_digest(file, "sha256").hexdigest() != self.sha256:
            file.close()
            raise StaleUpload(
                gettext(
                    "The stored file changed after the preview; upload it again. "
                    "Nothing was imported."
                )
            )
        file.seek(0)
        return file

    def run_import(self, *, dry_run):
        """Check (and unless ``dry_run``, import) the file; see ``import_bodies_csv``."""
        with self.open() as file:
            return import_bodies_csv(file=file, dry_run=dry_run, name=self.name)


def discard_pending(session):
    """Forget the upload this session previewed and delete its file."""
    staged = StagedUpload.pending(session)
    session.pop(SESSION_KEY, None)
    if staged is not None:
        staged.path.unlink(missing_ok=True)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "UTF-8 text with the columns listed below, at most %(limit)s. "
            "Nothing is written before you confirm."
        ) % {"limit": filesizeformat(MAX_UPLOAD_SIZE)}

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_SIZE:
            raise ValidationError(
                _(
                    "This file is %(size)s; files up to %(limit)s can be imported. "
                    "Split it into smaller files with the same header row."
                ),
                code="too_large",
                params={
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(MAX_UPLOAD_SIZE),
                },
            )
        return file


class ImportConfirmForm(forms.Form):
    """Confirms the session's previewed upload; the token proves which preview was seen."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def clean(self):
        cleaned_data = super().clean()
        token = cleaned_data.get("token", "")
        sweep_stale_uploads()
        staged = StagedUpload.pending(self.session)
        if staged is None or not secrets.compare_digest(staged.token.encode(), token.encode()):
            raise ValidationError(
                _(
                    "This preview is unknown or has expired; upload the file again. "
                    "Nothing was imported."
                ),
                code="unknown_token",
            )
        cleaned_data["upload"] = staged
        return cleaned_data
