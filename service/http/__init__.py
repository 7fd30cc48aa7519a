"""The web app: the JSON API, the web pages, error rendering, security and the production server."""
