"""Property-based tests of turning a wall-clock time in an event's zone into a moment and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from copse.core.refusals import Kind, Refused
from copse.events.times import as_local, in_zone

# Zones with summer time north and south of the equator, half- and quarter-hour offsets, a zone whose summer
# time lowers the offset, and zones without summer time.
ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Asia/Tokyo",
    "UTC",
]

# Wall clocks have no zone: the zone is the other half of what a person types.
NAIVE_FIRST, NAIVE_LAST = datetime.fromisoformat("1970-01-02"), datetime.fromisoformat("2100-12-30")
wall_clocks = st.datetimes(min_value=NAIVE_FIRST, max_value=NAIVE_LAST).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def instants_showing(local: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every instant whose wall clock in `zone` reads `local`, worked out from the offsets either side."""
    offsets = {local.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}
    candidates = {(local - offset).replace(tzinfo=UTC) for offset in offsets if offset is not None}
    return sorted(c for c in candidates if c.astimezone(zone).replace(tzinfo=None) == local)


@given(local=wall_clocks, zone_name=st.sampled_from(ZONES))
@example(local=datetime.fromisoformat("2027-03-28T01:30"), zone_name="Europe/London")  # the clocks go forward
@example(local=datetime.fromisoformat("2027-10-31T01:30"), zone_name="Europe/London")  # the clocks go back
@example(
    local=datetime.fromisoformat("2027-04-04T01:45"), zone_name="Australia/Lord_Howe"
)  # back half an hour
def test_a_wall_clock_time_goes_to_utc_and_back_unchanged_unless_the_clocks_skip_it(
    local: datetime, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    instants = instants_showing(local, zone)
    if not instants:
        with pytest.raises(Refused) as refused:
            in_zone(local, zone, field="starts_at")
        assert (refused.value.kind, refused.value.field) == (Kind.INVALID, "starts_at")
        assert f"There is no {local:%H:%M}" in refused.value.message
        return
    moment = in_zone(local, zone)
    utc = moment.astimezone(UTC)
    assert utc == instants[0]  # a time that happens twice means the first
    assert utc.astimezone(zone).replace(tzinfo=None) == local
    assert as_local(utc, zone_name) == local


@given(moment=st.datetimes(min_value=NAIVE_FIRST, max_value=NAIVE_LAST, timezones=st.just(UTC)))
def test_a_moment_shown_in_any_zone_reads_back_as_the_same_minute(moment: datetime) -> None:
    for zone_name in ZONES:
        zone = ZoneInfo(zone_name)
        local = as_local(moment, zone_name)
        assert local is not None
        back = in_zone(local, zone).astimezone(UTC)
        # Back to the minute; in the hour that happens twice, the first of the two readings.
        minute = moment.replace(second=0, microsecond=0)
        assert back == minute or (back < minute and back.astimezone(zone).replace(tzinfo=None) == local)
        assert abs(back - minute) <= timedelta(hours=1)
