"""Login lockouts (django-axes) in which a success forgives only the signed-in user's failures."""

from axes.handlers.database import AxesDatabaseHandler


class OwnFailuresResetHandler(AxesDatabaseHandler):
    """django-axes' database handler, but a successful sign-in resets only that user's count.

    With AXES_RESET_ON_SUCCESS axes deletes every failure that matches the request on any
    lockout parameter: with ["username", "ip_address"], every failure from the address
    too, whatever name it tried. Anyone with an account could then guess another user's
    password four times, sign in as themselves from the same address to wipe the count,
    and go on for ever. Here (with AXES_RESET_ON_SUCCESS off) a success deletes the
    failures recorded under the signed-in user name only: failures at other names still
    count towards those names' lockouts and towards the address's.
    """

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        self.reset_attempts(username=user.get_username())
