"""Exact analysis of strategic scenarios as normal-form games."""
