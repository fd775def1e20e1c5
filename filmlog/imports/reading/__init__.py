"""Reading what an import is given: archives and folders, tables (CSV and JSON), the cells
of a row, review markup, and what kind of title a row names."""
