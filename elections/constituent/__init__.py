"""The constituent meeting (B1 1.3-1.4): `calculation` reads the database and runs the pure rules
(convener, deadlines, d'Hondt); `services` holds the state changes. Its pages are in
`elections/views/constituent.py`."""
