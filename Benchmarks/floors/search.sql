-- The floor of one search keystroke: the first screenful of matches straight from the FTS5
-- index, in rowid order, with nothing joined or sorted. screen.py puts each term's prefix
-- query in place of {match} and runs this in the sqlite3 shell with `.timer on`.
SELECT rowid FROM case_search WHERE case_search MATCH '{match}' LIMIT 30;
