from django.urls import path

from .views import recheck
from .views import rectification as views

urlpatterns = [
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/clearance/", views.rectification_clearance, name="rectification_clearance"),
    path("rectifications/new/", views.rectification_create, name="rectification_create"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/edit/", views.rectification_edit, name="rectification_edit"),
    path("rectifications/<int:pk>/progress/", views.rectification_progress, name="rectification_progress"),
    path("rectifications/<int:pk>/verify/", views.rectification_verify, name="rectification_verify"),
    path("rectifications/<int:pk>/accept/", views.rectification_accept, name="rectification_accept"),
    path("rectifications/<int:pk>/objection/", views.rectification_objection, name="rectification_objection"),
    path("rectifications/<int:pk>/extension/", views.rectification_extension, name="rectification_extension"),
    # 回头看
    path("rectifications/rechecks/", recheck.recheck_list, name="recheck_list"),
    path("rectifications/rechecks/new/", recheck.recheck_draw, name="recheck_draw"),
    path("rectifications/rechecks/<int:pk>/", recheck.recheck_detail, name="recheck_detail"),
    path("rectifications/rechecks/<int:pk>/<int:entry_pk>/", recheck.recheck_record, name="recheck_record"),
]
