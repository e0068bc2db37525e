from django.urls import path

from . import views

urlpatterns = [
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    # 系统管理员
    path("channels/", views.channels, name="channels"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/disable/", views.channel_disable, name="channel_disable"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
