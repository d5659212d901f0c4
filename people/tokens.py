"""Password-reset links (allauth's reset and the invitations in people/services.py) that die with the account's
security stamp. allauth imports this module through ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR while it builds its
forms module, so nothing else should import it first."""

from __future__ import annotations

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator


class StampedPasswordResetTokenGenerator(EmailAwarePasswordResetTokenGenerator):
    """allauth's generator (password, last login and every email address of the account) plus the security stamp,
    so a link sent before an email change stops working even if the address is later changed back."""

    def _make_hash_value(self, user, timestamp) -> str:
        value = super()._make_hash_value(user, timestamp)
        # Nothing added while there is no stamp, so links sent before this generator existed still work.
        stamp = getattr(user, "security_stamp", "")
        return f"{value}|{stamp}" if stamp else value
