"""The 2027 national holidays and joint leave days (cuti bersama), shipped as reference data (migration 0007) and as
`data/holidays_2027.csv`, the file the holidays page imports.

The joint decree of the three ministers (SKB Menteri Agama, Menteri Ketenagakerjaan and Menteri PANRB) for 2027 was
not at hand when this was written. Fixed-date holidays (Keppres 24/2013 and its predecessors; Hari Lahir Pancasila:
Keppres 24/2016) and the Christian holidays, which follow Easter (28 March 2027), are certain. The lunar and lunisolar
ones (Islamic, Chinese, Balinese and Buddhist calendars) are estimated a lunar year on from the 2026 decree and the
joint leave days on the pattern of earlier years: both are marked to be confirmed, and the year is re-imported once
the decree is out (the dry run shows what changes).
"""

from datetime import date

H, J = "holiday", "joint_leave"

# (date, name, kind, to be confirmed)
HOLIDAYS_2027: list[tuple[date, str, str, bool]] = [
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi", H, False),
    (date(2027, 1, 5), "Isra Mikraj Nabi Muhammad SAW", H, True),
    (date(2027, 2, 5), "Cuti bersama Tahun Baru Imlek", J, True),
    (date(2027, 2, 6), "Tahun Baru Imlek 2578 Kongzili", H, True),
    (date(2027, 3, 8), "Hari Suci Nyepi Tahun Baru Saka 1949", H, True),
    (date(2027, 3, 9), "Idul Fitri 1448 H", H, True),
    (date(2027, 3, 10), "Idul Fitri 1448 H", H, True),
    (date(2027, 3, 11), "Cuti bersama Idul Fitri 1448 H", J, True),
    (date(2027, 3, 12), "Cuti bersama Idul Fitri 1448 H", J, True),
    (date(2027, 3, 15), "Cuti bersama Idul Fitri 1448 H", J, True),
    (date(2027, 3, 26), "Wafat Yesus Kristus", H, False),
    (date(2027, 3, 28), "Kebangkitan Yesus Kristus (Paskah)", H, False),
    (date(2027, 5, 1), "Hari Buruh Internasional", H, False),
    (date(2027, 5, 6), "Kenaikan Yesus Kristus", H, False),
    (date(2027, 5, 7), "Cuti bersama Kenaikan Yesus Kristus", J, True),
    (date(2027, 5, 16), "Idul Adha 1448 H", H, True),
    (date(2027, 5, 20), "Hari Raya Waisak 2571 BE", H, True),
    (date(2027, 5, 21), "Cuti bersama Hari Raya Waisak", J, True),
    (date(2027, 6, 1), "Hari Lahir Pancasila", H, False),
    (date(2027, 6, 5), "Tahun Baru Islam 1449 H", H, True),
    (date(2027, 8, 14), "Maulid Nabi Muhammad SAW", H, True),
    (date(2027, 8, 17), "Hari Kemerdekaan Republik Indonesia", H, False),
    (date(2027, 12, 24), "Cuti bersama Hari Raya Natal", J, True),
    (date(2027, 12, 25), "Hari Raya Natal", H, False),
]
