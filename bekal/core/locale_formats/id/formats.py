"""Indonesian formats (FORMAT_MODULE_PATH), in place of Django's: "5 Februari 2027" rather than "5 Feb. 2027", the
day before the month in every input, 24-hour time with a colon as the forms and the browsers' pickers write it."""

DATE_FORMAT = "j F Y"  # 5 Februari 2027
SHORT_DATE_FORMAT = "j M Y"  # 5 Feb 2027, in tables
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first is the one a date field is shown in; ISO stays accepted (the API, old bookmarks, the browser tests).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H.%M.%S"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
