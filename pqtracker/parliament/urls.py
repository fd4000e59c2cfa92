from django.urls import path

from pqtracker.parliament import views

app_name = "parliament"

urlpatterns = [
    path("", views.question_list, name="question-list"),
    path("<int:pk>/", views.question_detail, name="question-detail"),
]
