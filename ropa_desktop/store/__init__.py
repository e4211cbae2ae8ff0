"""Engines, SQLite settings, migrations and backups."""
