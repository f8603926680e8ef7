"""Test settings: the production module with a throwaway key and a fast password hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-the-test-suite-only")
# The test client speaks plain HTTP; every other HTTPS setting stays as in production.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from certdir.settings import *  # noqa: F403

# Hashing at full strength makes every login in the suite take ~0.3 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# The tests observe the page cache through its X-Cache header (off in production).
PAGE_CACHE_HEADER = True
