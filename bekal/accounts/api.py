from ninja import Router, Schema

from bekal.accounts.types import AuthedRequest

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    organization_id: int | None
    roles: list[str]


@router.get("/me", response=MeOut)
def me(request: AuthedRequest) -> MeOut:
    """Return the calling user, their organisation and roles."""
    user = request.user
    return MeOut(
        id=user.id,
        username=user.username,
        full_name=str(user),
        organization_id=user.organization_id,
        roles=sorted(user.roles),
    )
