"""The Follow-ups page (overdue / today / upcoming, with a Done button) and its calendar download."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import login_required

from service.core.events import today_utc
from service.core.followups import calendar_ics, contact_label, list_followups, set_done
from service.domain.event_rules import followup_bucket
from service.http.web.blueprint import owner, web
from service.storage.db import db

RECENTLY_DONE = 10


@web.get("/followups")
@login_required
def followups() -> str:
    """Open follow-ups grouped as overdue, today and upcoming, then the few most recently done."""
    today = today_utc()
    buckets: dict[str, list] = {"overdue": [], "today": [], "upcoming": []}
    for followup in list_followups(db.session, owner(), "open")[0]:
        buckets[followup_bucket(followup.due, today)].append(followup)
    done = sorted(list_followups(db.session, owner(), "done")[0], key=lambda f: f.done_at, reverse=True)
    return render_template("followups.html", buckets=buckets, done=done[:RECENTLY_DONE], today=today)


@web.post("/followups/<int:followup_id>/done")
@login_required
def followup_done(followup_id: int) -> Response:
    """Mark one follow-up done."""
    followup = set_done(db.session, owner(), followup_id, True)
    db.session.commit()
    flash(f"Done: {followup.action} ({contact_label(followup.meeting.contact)}).", "success")
    return redirect(url_for("web.followups"))


@web.get("/followups.ics")
@login_required
def followups_calendar() -> Response:
    """The open follow-ups as an iCalendar file, for the logged-in user's calendar app."""
    response = Response(calendar_ics(list_followups(db.session, owner(), "open")[0]),
                        content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="cardnote-followups.ics"'
    return response
