"""Signals other apps listen to, so that this app need not import them (imports flow the other way).

`membership_ended` is sent, inside the transaction, when someone leaves a community or a lead removes them,
with `community` and `person`. The events app ends their places at events that were for members only.
"""

from django.dispatch import Signal

membership_ended = Signal()
