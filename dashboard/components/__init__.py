"""Reusable pieces of the pages: the frame of the app, labelled controls, graphs, tables."""
