# "3 mars 2025".
DATE_FORMAT = "j F Y"
