from copse.core.http import HtmxHttpRequest

from .models import User


class StaffRequest(HtmxHttpRequest):
    """A request from a signed-in person. `LoginRequiredMiddleware` guarantees one for every view that is not
    marked `login_not_required`."""

    user: User  # type: ignore[assignment]
