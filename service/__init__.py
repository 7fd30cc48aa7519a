"""service: the product (web app, API, storage, command line)."""
