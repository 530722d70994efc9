"""Actors: named people, bodies and places, with their titles and roles."""
