# The site's long date ("3 March 2025") in English: verdicts, timelines, pages.
DATE_FORMAT = "j F Y"
