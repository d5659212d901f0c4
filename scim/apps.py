from django.apps import AppConfig


def _forget_creator(user) -> None:
    from scim.models import ScimClient

    ScimClient.objects.filter(created_by=user).update(created_by=None)


class ScimConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scim"
    verbose_name = "SCIM provisioning"

    def ready(self) -> None:
        from people import personal_data

        # The client's id of a person is about that person: exported, deleted with them.
        personal_data.register(
            "scim.ScimUser", erase=personal_data.DELETE, fields=("external_id", "deleted_at"), exclude=("user",)
        )
        # A client only names the administrator who made it: exported as that, unlinked on erasure.
        personal_data.register(
            "scim.ScimClient",
            erase=_forget_creator,
            fields=("id", "name", "created_at"),
            exclude=(
                "token_hash",
                "token_hint",
                "may_grant_hr",
                "send_invitations",
                "requests_per_minute",
                "created_by",
                "last_used_at",
                "revoked_at",
            ),
        )
