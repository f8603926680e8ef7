# "3 марта 2025": the month in the genitive (E), as a day of it is written.
DATE_FORMAT = "j E Y"
