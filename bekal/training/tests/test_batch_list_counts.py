"""The training list's participant count: the enrolled and completed participants of each batch of the page, not
the nominated or the refused, and zero for a batch with none."""

from datetime import date

from bekal.training import selectors, services


def test_each_batch_counts_its_enrolled_participants_only(users, world, programme, agreement, enrolled, nominate):
    nominate("Budi Santoso")  # nominated, not yet enrolled: not counted
    empty = services.batch_create(
        actor=users.officer,
        programme=programme,
        units=[world.martapura],
        name="Barista Angkatan II",
        start_date=date(2025, 9, 1),
        end_date=date(2025, 9, 30),
    )
    counts = {b.pk: b.participant_count for b in selectors.batch_list(user=users.officer)}
    assert counts == {enrolled.batch_id: 1, empty.pk: 0}
