from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.documents import views as documents
from apps.orgs.views import account, admin
from apps.plans.views import excel, plans, tasks

from .api import api

urlpatterns = [
    path("", include("apps.portal.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # plans and the ledger
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_ledger, name="plan_ledger"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/archive/", plans.plan_archive, name="plan_archive"),
    path("plans/<int:pk>/restore/", plans.plan_restore, name="plan_restore"),
    path("plans/<int:pk>/export.xlsx", excel.plan_export, name="plan_export"),
    path("exports/<int:pk>/", excel.export_job, name="export_job"),
    path("exports/<int:pk>/download/", excel.export_download, name="export_download"),
    path("plans/<int:pk>/import/", excel.plan_import, name="plan_import"),
    path("plans/<int:plan_pk>/areas/new/", tasks.area_create, name="area_create"),
    path("areas/<int:pk>/edit/", tasks.area_edit, name="area_edit"),
    path("areas/<int:pk>/archive/", tasks.area_archive, name="area_archive"),
    path("plans/<int:plan_pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/archive/", tasks.task_archive, name="task_archive"),
    path("tasks/<int:pk>/restore/", tasks.task_restore, name="task_restore"),
    path("tasks/<int:task_pk>/targets/new/", tasks.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", tasks.target_edit, name="target_edit"),
    path("targets/<int:pk>/archive/", tasks.target_archive, name="target_archive"),
    path("tasks/<int:task_pk>/milestones/new/", tasks.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", tasks.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", tasks.milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/archive/", tasks.milestone_archive, name="milestone_archive"),
    # document → ledger
    path("documents/new/", documents.upload, name="draft_upload"),
    path("drafts/<int:pk>/", documents.review, name="draft_review"),
    path("drafts/<int:pk>/units/", documents.search_units, name="draft_unit_search"),
    path("drafts/<int:pk>/assign/", documents.assign, name="draft_assign"),
    path("drafts/<int:pk>/tasks/new/", documents.task_add, name="draft_task_add"),
    path("drafts/<int:pk>/tasks/<str:key>/units/", documents.task_units, name="draft_task_units"),
    path(
        "drafts/<int:pk>/tasks/<str:key>/targets/<str:target>/<str:action>/",
        documents.target_action,
        name="draft_target",
    ),
    path("drafts/<int:pk>/tasks/<str:key>/<str:action>/", documents.task_action, name="draft_task"),
    path("drafts/<int:pk>/publish/", documents.publish, name="draft_publish"),
    path("drafts/<int:pk>/discard/", documents.discard, name="draft_discard"),
    # units and users (系统管理员)
    path("units/", admin.unit_list, name="unit_list"),
    path("units/new/", admin.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", admin.unit_edit, name="unit_edit"),
    path("units/<int:pk>/archive/", admin.unit_archive, name="unit_archive"),
    path("units/<int:pk>/restore/", admin.unit_restore, name="unit_restore"),
    path("users/", admin.user_list, name="user_list"),
    path("users/new/", admin.user_create, name="user_create"),
    path("users/<int:pk>/edit/", admin.user_edit, name="user_edit"),
    path("users/<int:pk>/tokens/<int:token_pk>/revoke/", admin.user_token_revoke, name="user_token_revoke"),
    path("account/password/", account.password_change, name="password_change"),
    path("account/tokens/", account.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    path("", include("apps.cycles.urls")),
    path("", include("apps.cascade.urls")),
    path("", include("apps.supervision.urls")),
    path("", include("apps.cases.urls")),
    path("", include("apps.projects.urls")),
    path("", include("apps.indicators.urls")),
    path("", include("apps.assessment.urls")),
    path("", include("apps.briefings.urls")),
    path("", include("apps.dashboard.urls")),
    path("", include("apps.notify.urls")),
    path("", include("apps.evidence.urls")),
    path("api/", api.urls),
]
