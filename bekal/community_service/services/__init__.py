"""Every write to community service, one module per sub-domain; each function is one transaction with its audit
event. Callers import from the module that holds the write:

- ``orders``: record an order against KUHP Pasal 85, the training switch;
- ``sites``: work sites and the placements of clients at them;
- ``ledger``: sessions and adjustments of the hours, and the completion the last minute brings;
- ``noncompliance``: the warning ladder, the report to the prosecutor and its decision;
- ``training_credit``: training days credited toward the hours (the attendance listener);
- ``supervision``: supervision sentences (pidana pengawasan), monthly reports, breaches;
- ``litmas``: social inquiry reports.
"""
