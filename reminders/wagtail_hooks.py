from wagtail import hooks

from reminders.viewsets import notification_preference_viewset


@hooks.register("register_admin_viewset")
def register_notification_preference_viewset():
    return notification_preference_viewset
