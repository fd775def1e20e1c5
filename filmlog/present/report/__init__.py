"""The year in film (or all time) as one self-contained HTML page: `filmlog report`.

`data` asks the journal (the numbers are `stats`' own, so the page and
`filmlog stats` never disagree), `charts` turns numbers into shapes, and
`page` writes the HTML through a template whose autoescaping makes
everything the person wrote text, never markup.
"""
