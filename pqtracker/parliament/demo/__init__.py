"""Demo data for ``python manage.py seed_demo``: demo users, and a SEND-heavy set of written
questions covering every state the app shows, written through the one public-record write path.

The data modules (``seed_question``, ``send_*``, ``lords``, ``current``, ``other_departments``)
each expose ``questions(today)``; ``loader`` writes them and the demo users.
"""
