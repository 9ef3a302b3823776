#!/usr/bin/env python3
"""Parses an iCalendar feed with Python's `icalendar` (a second, independent
parser) and checks what Docket promises of each event. Prints one JSON object
with every event's UID, start date, sequence, summary and alarm lead, so the
Rust test can compare them with its own parse; exits 1 with the problems
otherwise.

Usage: check_ics.py FEED.ics
"""

import datetime
import json
import sys

import icalendar


def check_event(ev, problems):
    uid = str(ev.get("UID", ""))
    where = f"event {uid or '?'}"
    for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "SEQUENCE", "LAST-MODIFIED"):
        if key not in ev:
            problems.append(f"{where}: no {key}")
    start = ev.decoded("DTSTART", None)
    end = ev.decoded("DTEND", None)
    if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
        problems.append(f"{where}: DTSTART is not an all-day date: {start!r}")
        return None
    if end != start + datetime.timedelta(days=1):
        problems.append(f"{where}: DTEND {end!r} is not the day after DTSTART")
    alarms = [c for c in ev.subcomponents if c.name == "VALARM"]
    if len(alarms) != 1:
        problems.append(f"{where}: {len(alarms)} alarms, expected 1")
        return None
    alarm = alarms[0]
    if str(alarm.get("ACTION")) != "DISPLAY":
        problems.append(f"{where}: alarm action {alarm.get('ACTION')!r}")
    trigger = alarm.decoded("TRIGGER")
    if not isinstance(trigger, datetime.timedelta) or trigger >= datetime.timedelta(0):
        problems.append(f"{where}: alarm trigger {trigger!r} is not before the start")
        return None
    return {
        "uid": uid,
        "start": start.isoformat(),
        "sequence": int(ev.get("SEQUENCE")),
        "summary": str(ev.get("SUMMARY")),
        "description": str(ev.get("DESCRIPTION")),
        "url": str(ev.get("URL", "")),
        "alarm_minutes_before": int(-trigger.total_seconds() // 60),
    }


def main(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    problems = []
    if str(cal.get("VERSION")) != "2.0" or "PRODID" not in cal:
        problems.append("VCALENDAR needs VERSION:2.0 and a PRODID")
    events = []
    for ev in cal.walk("VEVENT"):
        checked = check_event(ev, problems)
        if checked:
            events.append(checked)
    uids = [e["uid"] for e in events]
    if len(uids) != len(set(uids)):
        problems.append("UIDs repeat")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    json.dump({"name": str(cal.get("X-WR-CALNAME", "")), "events": events}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
