"""The panel's sections, one class each: it builds its group's widgets, shows the model's state in them and
forwards the user's actions to the model. The dock (``ui/dock.py``) only assembles them."""
