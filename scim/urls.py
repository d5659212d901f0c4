from django.urls import re_path

from scim import views

app_name = "scim"
# A trailing slash is accepted too: clients differ in how they join the base URL and the endpoint.
urlpatterns = [
    re_path(r"^ServiceProviderConfig/?$", views.service_provider_config, name="service_provider_config"),
    re_path(r"^Schemas/?$", views.schemas, name="schemas"),
    re_path(r"^Schemas/(?P<schema_id>[^/]+)/?$", views.schemas, name="schema"),
    re_path(r"^ResourceTypes/?$", views.resource_types, name="resource_types"),
    re_path(r"^ResourceTypes/(?P<type_id>[^/]+)/?$", views.resource_types, name="resource_type"),
    re_path(r"^\.search/?$", views.search_all, name="search"),
    re_path(r"^Users/\.search/?$", views.users_search, name="users_search"),
    re_path(r"^Groups/\.search/?$", views.groups_search, name="groups_search"),
    re_path(r"^Users/?$", views.users, name="users"),
    re_path(r"^Users/(?P<pk>[^/]+)/?$", views.user, name="user"),
    re_path(r"^Groups/?$", views.groups, name="groups"),
    re_path(r"^Groups/(?P<pk>[^/]+)/?$", views.group, name="group"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
