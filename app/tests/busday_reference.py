#!/usr/bin/env python3
"""Independent reference for Docket's business-day counting, using numpy.

Usage:
    busday_reference.py check HOLIDAYS INPUTS OUTPUT FIRST_YEAR LAST_YEAR
    busday_reference.py bench HOLIDAYS INPUTS OUTPUT FIRST_YEAR LAST_YEAR

HOLIDAYS: one ISO date per line (the engine's `federal-statute` holidays).
INPUTS:   lines `YYYY-MM-DD,N` (trigger date, business days to count).
OUTPUT:   one ISO date per line, the due date for each input.

Mapping to Docket's convention (REFERENCE.md "Counting conventions"): the
trigger day is not counted and a trigger on a non-business day counts as the
next business day, so the due date is
    numpy.busday_offset(trigger, N, roll='forward', holidays=HOLIDAYS)
(roll the trigger forward to a business day, then move N business days on).

Before computing, the script re-derives the 5 U.S.C. 6103(a) holidays for
FIRST_YEAR..LAST_YEAR with its own code (plain datetime) and fails if the
engine's list differs, so the holiday generator is checked independently too.
In `bench` mode it prints the seconds spent in the busday_offset call alone.
"""
import datetime as dt
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.stderr.write("numpy is missing: pip install numpy\n")
    sys.exit(3)


def observed(day):
    """Saturday -> Friday before (6103(b)); Sunday -> Monday after (EO 11582)."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def nth(year, month, weekday, n):
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_monday_of_may(year):
    day = dt.date(year, 5, 31)
    return day - dt.timedelta(days=day.weekday())


def holidays(year):
    fixed = [(1, 1), (7, 4), (11, 11), (12, 25)] + ([(6, 19)] if year >= 2021 else [])
    days = [observed(dt.date(year, m, d)) for m, d in fixed]
    days += [nth(year, 1, 0, 3), nth(year, 2, 0, 3), last_monday_of_may(year),
             nth(year, 9, 0, 1), nth(year, 10, 0, 2), nth(year, 11, 3, 4)]
    return days


def main():
    mode, hol_path, in_path, out_path, first, last = sys.argv[1:7]
    with open(hol_path) as f:
        given = {line.strip() for line in f if line.strip()}
    ours = {d.isoformat() for y in range(int(first), int(last) + 1) for d in holidays(y)}
    if given != ours:
        sys.stderr.write("holiday lists differ\n only engine: %s\n only python: %s\n"
                         % (sorted(given - ours)[:20], sorted(ours - given)[:20]))
        sys.exit(2)
    with open(in_path) as f:
        pairs = [line.strip().split(",") for line in f if line.strip()]
    dates = np.array([p[0] for p in pairs], dtype="datetime64[D]")
    offsets = np.array([int(p[1]) for p in pairs], dtype=np.int64)
    cal = np.busdaycalendar(holidays=np.array(sorted(given), dtype="datetime64[D]"))
    start = time.perf_counter()
    due = np.busday_offset(dates, offsets, roll="forward", busdaycal=cal)
    seconds = time.perf_counter() - start
    with open(out_path, "w") as f:
        f.write("\n".join(np.datetime_as_string(due, unit="D").tolist()))
        f.write("\n")
    if mode == "bench":
        print("%.6f" % seconds)


if __name__ == "__main__":
    main()
