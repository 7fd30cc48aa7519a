"""Accuracy and speed benchmarks that print figures."""
