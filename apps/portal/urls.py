from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("todo/", views.todo, name="todo"),
    path("audit/", views.audit_log, name="audit_log"),
]
