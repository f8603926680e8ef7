# The site's long date ("3 March 2025") in English: verdicts, timelines, pages.
DATE_FORMAT = "j F Y"
# The short date ("5 Jul 2027") of result flags, compare cells and the admin's open reports;
# the other languages keep Django's numeric day-first one ("05/07/2027", "05.07.2027").
SHORT_DATE_FORMAT = "j M Y"
