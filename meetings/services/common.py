"""What the service modules share: saving with the acting user in the history."""

from kkr.history import save_with_history

save = save_with_history  # ``actor`` recorded as the history user (django-simple-history)
