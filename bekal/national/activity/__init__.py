"""The generated nation's activity after the people: training, certification, placement and community service.

Each module holds one step of ``generate.STEPS`` (the function named like the module) and the smaller steps it is
made of. Figures come from the rules registry (``rule_int``) so that the generated rows agree with what the
services would accept on the anchor date; statuses agree with dates, attendance and results (a completed enrolment
met the attendance minimum, a certificate follows a Kompeten decision, an order is completed on the day its
credited minutes reached the hours ordered and its supervision period ends that day). Each module writes its rows
at its end with ``bulk_insert``; the column lists stay literal beside the rows they match.
"""
