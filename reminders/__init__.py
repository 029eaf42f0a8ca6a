"""Care reminders: what is due for a salesperson today or at this minute, and the daily digest.

`reminders.due` decides what is due from one book's contents and a given
instant; `reminders.digest` turns the day's items into a short, grouped digest.
Both are pure: they take `now` and plain domain values, never read the clock,
never touch storage and never talk to Telegram. Scheduling and delivery build
on them elsewhere.
"""
