"""Signals other apps listen to, so that this app need not import them (imports flow the other way).

`membership_changed` is sent, inside the transaction, when someone leaves a community, a lead removes them or
changes their role, with `community` and `person`. The events app ends their places at events whose audience no
longer includes them (members only, or core members only).
"""

from django.dispatch import Signal

membership_changed = Signal()
