"""The PDFs of section 5 of the spec: lobby boards, bulletins, unit report cards and year books.

`documents` turns the site's view models into HTML (templates/pdf/), `style` assembles the print
stylesheet, `render` finds each PDF in the cache or has it rendered by `engine` in worker processes, and
`join` puts a year book together from its sections.
Kept free of imports so that worker processes load only what they need.
"""
