from __future__ import annotations

from service.api.auth import ActorCache
from service.app.actors import Actor, Role
from service.app.principals import Authenticated

SECRETARY = Authenticated(
    Actor(id=7, name="王书记", role=Role.secretary, organization_id=2, organization_path="/1/2/"),
    expires_at=None,
    epoch=3,
)


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_cached_actor_is_served_until_its_lifetime_ends() -> None:
    ticks = Ticks()
    cache = ActorCache(ttl_seconds=10, monotonic=ticks)
    cache.put("digest", SECRETARY)

    ticks.now = 109.9
    assert cache.get("digest") == SECRETARY
    ticks.now = 110.0
    assert cache.get("digest") is None


def test_the_cache_forgets_the_oldest_entries_beyond_its_size() -> None:
    cache = ActorCache(max_entries=2, monotonic=Ticks())
    for digest in ("a", "b", "c"):
        cache.put(digest, SECRETARY)

    assert [cache.get(d) is not None for d in ("a", "b", "c")] == [False, True, True]
