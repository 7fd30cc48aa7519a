"""Synthetic business-card generator and the committed sample images (see samples/README.md)."""
