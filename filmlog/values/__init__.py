"""Values, and what every layer may use: films, viewings and ratings as plain Python, dates
and clocks, keys for comparing names, ids, the JSON and CSV the journal is written as, and
filmlog's errors. Nothing here knows the database."""
