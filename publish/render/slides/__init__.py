"""Slides as data (``model``: text boxes, images, tables, fitted to their boxes) and their two
writers, ``pptx`` (python-pptx) and ``pdf`` (reportlab), which draw the same slides; ``screen``:
the projector type of the figures the app's Präsentation shows."""
