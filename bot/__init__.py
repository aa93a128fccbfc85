"""Telegram layer over the answer engine: wiring, thin handlers, rendering."""
