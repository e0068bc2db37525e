from django.urls import include, path

from .views import closeout
from .views import extensions as extension_views
from .views import notices as views

urlpatterns = [
    # 督办单
    path("tasks/<int:pk>/notices/new/", views.notice_create, name="notice_create"),
    path("tasks/<int:pk>/supervision/", views.task_supervision_partial, name="task_supervision"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/print.docx", views.notice_print, name="notice_print"),
    path("notices/<int:pk>/reply/", views.notice_reply, name="notice_reply"),
    path("notices/<int:pk>/close/", views.notice_close, name="notice_close"),
    # 销号
    path("tasks/<int:pk>/closeout/new/", closeout.closeout_create, name="closeout_create"),
    path("closeouts/<int:pk>/", closeout.closeout_detail, name="closeout_detail"),
    path("closeouts/<int:pk>/verify/", closeout.closeout_verify, name="closeout_verify"),
    path("closeouts/<int:pk>/decide/", closeout.closeout_decide, name="closeout_decide"),
    path("closeouts/<int:pk>/objection/", closeout.closeout_objection, name="closeout_objection"),
    # 延期申请 (a rectification item's is asked on its page: urls_rectification)
    path("tasks/<int:pk>/extension/", extension_views.extension_on_task, name="extension_on_task"),
    path("notices/<int:pk>/extension/", extension_views.extension_on_notice, name="extension_on_notice"),
    path("extensions/<int:pk>/decide/", extension_views.extension_decide, name="extension_decide"),
    # 督查 and the 整改台账
    path("", include("apps.supervision.urls_inspections")),
    path("", include("apps.supervision.urls_rectification")),
    path("", include("apps.supervision.urls_instructions")),
    path("", include("apps.supervision.urls_rectification_excel")),
]
