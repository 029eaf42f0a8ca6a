"""Thin Telegram handlers: read the update, call one crm function, render the reply."""
