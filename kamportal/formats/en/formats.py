"""One date format in English: 1 Dec 2026 (with the time: 1 Dec 2026 14:30), never the US order."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
