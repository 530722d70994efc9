"""Dates: temporal expressions found, typed and resolved to TIMEX3 values."""
