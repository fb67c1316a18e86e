from bekal.core.durations import hours_minutes


def test_minutes_read_as_hours_and_minutes():
    assert [hours_minutes(m) for m in (0, None, 45, 90, 480, 14_400, -45)] == [
        "0:00",
        "0:00",
        "0:45",
        "1:30",
        "8:00",
        "240:00",
        "-0:45",
    ]
