"""Read-only pages refuse POST (405), so a form aimed at them never looks like it worked.

Walks every URL of the project's own apps (the admin has its own rules); a new page is covered
the day it is added and must either be read-only or be listed here as taking POST.
"""

from __future__ import annotations

import pytest

from tests.test_permissions import ALL_URLS

TAKES_POST = {
    "accounts:login",
    "accounts:logout",
    "imports:import-list",
    "search:saved",
    "search:delete-saved",
    "exports:request",
    # The answering workflow: a case's actions, bulk commission, the signed link's confirmation
    # and the clearance chain's form.
    "answers:bulk-commission",
    "answers:clearance-chain",
    "answers:commission",
    "answers:accept",
    "answers:reject",
    "answers:send-to-clearance",
    "answers:submit",
    "answers:transfer",
    "answers:delay",
    "answers:letter-sent",
    "answers:approve",
    "answers:return",
    "answers:link",
    # Drafting: the editor's save, a comment, a restore.
    "drafts:editor",
    "drafts:comment",
    "drafts:restore",
    # Citing figures, the figure check of the editor's text, accepting a flag.
    "drafts:cite",
    "drafts:uncite",
    "drafts:figure-check",
    "drafts:accept-flag",
    "evidence:check",
    "deadlines:calendar",
    "deadlines:bulk",
}
OWN_URLS = [
    (path, name)
    for path, name in ALL_URLS
    if not path.startswith("/admin/") and not name.startswith("admin:") and name not in TAKES_POST
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), OWN_URLS, ids=[name for _p, name in OWN_URLS])
def test_read_only_pages_answer_post_with_405(client, path, name):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(path, {"q": "schools"})
    assert response.status_code == 405, (path, response.status_code)
