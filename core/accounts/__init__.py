"""Accounts, organisation units, sessions, the audit trail and incident reports."""
