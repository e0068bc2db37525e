from django.urls import path

from .views import instructions as views

urlpatterns = [
    path("instructions/", views.instruction_list, name="instruction_list"),
    path("instructions/<int:pk>/", views.instruction_detail, name="instruction_detail"),
    path("instructions/<int:pk>/answer/", views.instruction_answer, name="instruction_answer"),
    path("tasks/<int:pk>/instructions/new/", views.instruction_on_task, name="instruction_on_task"),
    path(
        "rectifications/<int:pk>/instructions/new/",
        views.instruction_on_rectification,
        name="instruction_on_rectification",
    ),
    path("reports/<int:pk>/instructions/new/", views.instruction_on_report, name="instruction_on_report"),
    path("notices/<int:pk>/instructions/new/", views.instruction_on_notice, name="instruction_on_notice"),
]
