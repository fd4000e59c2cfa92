from django.urls import path

from pqtracker.answers.views import actions, pages

app_name = "answers"

urlpatterns = [
    path("", pages.my_work, name="my-work"),
    path("new/", pages.new_queue, name="new-queue"),
    path("new/commission/", actions.bulk_commission, name="bulk-commission"),
    path("clearance-chain/", pages.clearance_chain, name="clearance-chain"),
    path("cases/<int:pk>/", pages.case_detail, name="case"),
    path("cases/<int:pk>/commission/", actions.commission, name="commission"),
    path("cases/<int:pk>/accept/", actions.accept, name="accept"),
    path("cases/<int:pk>/reject/", actions.reject, name="reject"),
    path("cases/<int:pk>/clearance/", actions.send_to_clearance, name="send-to-clearance"),
    path("cases/<int:pk>/submit/", actions.submit, name="submit"),
    path("cases/<int:pk>/transfer/", actions.transfer, name="transfer"),
    path("cases/<int:pk>/delay/", actions.delay, name="delay"),
    path("cases/<int:pk>/letter-sent/", actions.letter_sent, name="letter-sent"),
    path("steps/<int:pk>/approve/", actions.act_on_step, {"decision": "approve"}, name="approve"),
    path("steps/<int:pk>/return/", actions.act_on_step, {"decision": "return"}, name="return"),
    path("link/<str:token>/", actions.signed_link, name="link"),
]
