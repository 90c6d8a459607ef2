"""Hostile inputs through the algorithms, as data-driven tables of cases."""
