"""Text patterns the journeys share. Playwright runs a `re.compile` in the browser as a JavaScript
regex, where `\\w` and `\\b` are ASCII only: "décembre", "février", "août" would not match. So a
date is spelt out with its French words, which holds on every day of the year."""

WEEKDAY = "(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
MONTH = "(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
# "mercredi 2 décembre 2026", as portail.core.formatting.long_date_fr writes it.
LONG_DATE = rf"{WEEKDAY} \d{{1,2}} {MONTH} \d{{4}}"
