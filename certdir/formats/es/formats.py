# "3 de marzo de 2025".
DATE_FORMAT = r"j \d\e F \d\e Y"
