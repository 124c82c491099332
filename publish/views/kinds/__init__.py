"""The view kinds, one module each: every module declares ``KIND = ViewKind(...)``
(``publish.views.common``) with the functions it names beside it: what the view gathers through
the read model, its table (the cells of its downloads and of the screen) and its figure.

``publish.views.registry`` finds the modules of this package by itself; a new view is its module
here and the page that shows it.
"""
