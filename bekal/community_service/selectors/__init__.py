"""Every read of community service, always scoped to what the user may see, one module per sub-domain:
``orders``, ``ledger`` (hours and progress), ``sites``, ``noncompliance`` (letters), ``supervision``, ``litmas``."""
