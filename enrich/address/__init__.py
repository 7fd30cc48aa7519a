"""Postal addresses: `parse_address` splits one into its parts; `find_address` finds it on a card."""

from enrich.address.finder import AddressResult, find_address, line_features, strip_phone_tail, unglue
from enrich.address.parser import PostalAddress, parse_address

__all__ = ["AddressResult", "PostalAddress", "find_address", "line_features", "parse_address",
           "strip_phone_tail", "unglue"]
