"""Login throttling (django-axes, docs/security.md): failures count per user name and per address.

Axes' own ``AXES_RESET_ON_SUCCESS`` deletes every failure that matches any lockout parameter of the successful
login, the address's included: whoever logs into his own account between guesses at other users' passwords
starts the address's count from zero each time. A success here forgives only the failures of that same user
name from that same address (the user's own typos), so an office behind one address is not locked by its
members' typos, while guesses at other user names keep counting against the address.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt


class LoginThrottle(AxesDatabaseHandler):
    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful login (``AXES_RESET_ON_SUCCESS``): only this user name from this address."""
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        count, _ = attempts.delete()
        return count
