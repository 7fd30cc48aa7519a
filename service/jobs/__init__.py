"""Work done away from the request: the in-process pool and Celery tasks on the same functions."""
