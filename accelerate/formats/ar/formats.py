"""Arabic as our readers write it with Latin digits (the digits Django prints): the day before
the month with no Latin comma, the Arabic comma before the time, thousands grouped by commas
and the decimal point. Django's own Arabic formats group nothing (so 25000 beside a staff
text's 25,000), put a European decimal comma and thousands dot, and leave the date and time
to the English default ("ديسمبر 31, 2026, 4 م")."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y، g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
