"""Settings: every CARDNOTE_* variable with its default, read once (the lowest layer; imports nothing of service)."""
