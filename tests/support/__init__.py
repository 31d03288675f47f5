"""What the tests share: migrated databases per test, the world of organisations and principals,
the workflow journey (pure) and the HTTP journey (TestClient or a real server), refusal
assertions, and a rogue administrator's edits to the history."""
