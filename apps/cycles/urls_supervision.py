"""督办, 销号, the holiday calendar and notification channels."""

from django.urls import path

from .views import settings, supervision

urlpatterns = [
    # 督办单
    path("tasks/<int:pk>/notices/new/", supervision.notice_create, name="notice_create"),
    path("tasks/<int:pk>/supervision/", supervision.task_supervision_partial, name="task_supervision"),
    path("notices/", supervision.notice_list, name="notice_list"),
    path("notices/<int:pk>/", supervision.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/reply/", supervision.notice_reply, name="notice_reply"),
    path("notices/<int:pk>/close/", supervision.notice_close, name="notice_close"),
    # 销号
    path("tasks/<int:pk>/closeout/new/", supervision.closeout_create, name="closeout_create"),
    path("closeouts/<int:pk>/", supervision.closeout_detail, name="closeout_detail"),
    path("closeouts/<int:pk>/decide/", supervision.closeout_decide, name="closeout_decide"),
    # 系统管理员
    path("calendar/", settings.holidays, name="holidays"),
    path("calendar/<int:pk>/delete/", settings.holiday_delete, name="holiday_delete"),
    path("channels/", settings.channels, name="channels"),
    path("channels/<int:pk>/edit/", settings.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/disable/", settings.channel_disable, name="channel_disable"),
    path("deliveries/<int:pk>/retry/", settings.delivery_retry, name="delivery_retry"),
]
