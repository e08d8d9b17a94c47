"""Views: ``register`` (the register on a day or in a year, its CSV and PDF, the body pages, appointing,
ending and voiding, the public list) and ``elections`` (the elections at a meeting, with the page state
computed in ``election_pages``)."""
