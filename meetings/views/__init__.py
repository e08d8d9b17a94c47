"""Views: ``staff`` (the secretariat), ``portal`` (members and substitutes), ``public`` (anyone)."""
