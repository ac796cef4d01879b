"""Login throttling: django-axes, with one allowance.

`LoginThrottleBackend` is axes's standalone backend (it refuses a locked-out
client before the password is checked, counting failures in the shared cache
by user name and client address, core.clientip's rule). Axes needs the request
to know the address; an authenticate() call without one does not come from a
login form (a management command, or the test client's `client.login`), so it
is passed on to the next backend instead of raising."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
