"""What is shown: renderers that return Rich objects, the formats of listings (table, JSON,
CSV), the year-in-film page, housekeeping tables and the assistant's tools."""
