"""English formats (FORMAT_MODULE_PATH): the English interface writes "5 February 2027" and 24-hour time, and its
inputs take the day before the month like the Indonesian ones (the same offices type into both)."""

DATE_FORMAT = "j F Y"  # 5 February 2027
SHORT_DATE_FORMAT = "j M Y"  # 5 Feb 2027, in tables
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H.%M.%S"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M"]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
