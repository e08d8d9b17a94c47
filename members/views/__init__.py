"""Views: ``roster`` (the council on a date, a person's history, Blå bog), ``events`` (the secretariat's
forms for membership events) and ``imports`` (municipal politicians from CSV). The council pages that show
several apps (dashboard, member portal, public page) are in ``portal``."""
