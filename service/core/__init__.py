"""Use cases: drafts, contacts and meetings, events, follow-ups, accounts, importing and exporting."""
