"""Allowed status moves of community-service orders and breach cases, as data (one mechanism:
bekal.core.transitions). Services move a status only through these tables."""

from bekal.community_service.models import BreachStage as S
from bekal.community_service.models import OrderStatus as O
from bekal.core.transitions import Transitions

# An order runs until its hours are done (completed) or the court applies the sanction it replaced (enforced).
ORDER = Transitions(O, {O.ACTIVE: {O.COMPLETED, O.ENFORCED}, O.COMPLETED: set(), O.ENFORCED: set()})

# KUHP Pasal 77: the PK advises, the prosecutor proposes, the judge decides; no stage is skipped.
BREACH = Transitions(
    S,
    {S.PK_ADVICE: {S.PROSECUTOR_PROPOSAL}, S.PROSECUTOR_PROPOSAL: {S.COURT_DECISION}, S.COURT_DECISION: set()},
    field="stage",
)
