"""One write per client-made key: a replay answers the stored result, the key reused for another entry is refused,
and a refused write stores no key."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory

from bekal.ops import idempotency
from bekal.ops.models import IdempotencyKey

KEY = "6f1c1f4e-2b7a-4c55-9d0e-0a1b2c3d4e5f"


@pytest.fixture
def calls():
    return []


def writer(calls, answer):
    def write():
        calls.append(answer)
        return answer

    return write


def test_a_replay_answers_the_first_result_without_writing_again(users, calls):
    first = idempotency.run_once(
        user=users.officer, key=KEY, scope="t.x", payload={"a": 1}, write=writer(calls, {"id": 7})
    )
    again = idempotency.run_once(
        user=users.officer, key=KEY, scope="t.x", payload={"a": 1}, write=writer(calls, {"id": 8})
    )
    assert first == idempotency.Outcome({"id": 7}, replayed=False)
    assert again == idempotency.Outcome({"id": 7}, replayed=True)
    assert calls == [{"id": 7}]
    assert IdempotencyKey.objects.get().response == {"id": 7}


def test_the_same_key_for_another_entry_is_refused_naming_the_key(users, calls):
    idempotency.run_once(user=users.officer, key=KEY, scope="t.x", payload={"a": 1}, write=writer(calls, {}))
    with pytest.raises(ValidationError) as refused:
        idempotency.run_once(user=users.officer, key=KEY, scope="t.x", payload={"a": 2}, write=writer(calls, {}))
    assert KEY in str(refused.value.message_dict["idempotency_key"])
    with pytest.raises(ValidationError):
        idempotency.run_once(user=users.officer, key=KEY, scope="t.y", payload={"a": 1}, write=writer(calls, {}))
    assert len(calls) == 1


def test_keys_belong_to_their_user(users, calls):
    idempotency.run_once(user=users.officer, key=KEY, scope="t.x", payload={}, write=writer(calls, {"by": 1}))
    other = idempotency.run_once(user=users.pk, key=KEY, scope="t.x", payload={}, write=writer(calls, {"by": 2}))
    assert other.response == {"by": 2} and not other.replayed
    assert IdempotencyKey.objects.count() == 2


def test_a_refused_write_stores_no_key_so_the_entry_can_be_sent_again(users, calls):
    def refuse():
        IdempotencyKey.objects.create(user=users.pk, key="written-then-undone", scope="t", fingerprint="")
        raise ValidationError({"date": "refused"})

    with pytest.raises(ValidationError):
        idempotency.run_once(user=users.officer, key=KEY, scope="t.x", payload={}, write=refuse)
    assert not IdempotencyKey.objects.exists()
    done = idempotency.run_once(user=users.officer, key=KEY, scope="t.x", payload={}, write=writer(calls, {"ok": 1}))
    assert done.response == {"ok": 1} and not done.replayed


def test_without_a_key_every_call_writes(users, calls):
    for _ in range(2):
        idempotency.run_once(user=users.officer, key="", scope="t.x", payload={}, write=writer(calls, {}))
    assert len(calls) == 2 and not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("key", ["short", "x" * 101, "has space in it", "<script>alert(1)</script>"])
def test_a_key_of_the_wrong_shape_is_refused(users, calls, key):
    with pytest.raises(ValidationError) as refused:
        idempotency.run_once(user=users.officer, key=key, scope="t.x", payload={}, write=writer(calls, {}))
    assert "8" in refused.value.message_dict["idempotency_key"][0] and not calls


def test_the_key_comes_from_the_header_then_the_form_field():
    factory = RequestFactory()
    assert idempotency.key_from(factory.post("/", {"idempotency_key": "from-form-1"})) == "from-form-1"
    request = factory.post("/", {"idempotency_key": "from-form-1"}, HTTP_IDEMPOTENCY_KEY="from-header-1")
    assert idempotency.key_from(request) == "from-header-1"
    assert idempotency.key_from(factory.get("/", HTTP_IDEMPOTENCY_KEY="from-header-1")) == ""
    payload = idempotency.form_payload(
        factory.post("/", {"o3-idempotency_key": "k", "csrfmiddlewaretoken": "t", "mark_1": "present"})
    )
    assert payload == {"mark_1": ["present"]}


def test_run_once_inside_an_outer_transaction_keeps_the_key_with_the_write(users, calls):
    with transaction.atomic():
        idempotency.run_once(user=users.officer, key=KEY, scope="t.x", payload={}, write=writer(calls, {"n": 1}))
    assert IdempotencyKey.objects.filter(key=KEY).exists()
