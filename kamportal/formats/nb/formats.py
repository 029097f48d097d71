"""One date format in Norwegian: 1. des. 2026 (with the time: 1. des. 2026 14:30), short or long alike."""

DATE_FORMAT = "j. N Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j. N Y H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j. N"
