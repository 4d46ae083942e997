"""The credential store: accounts, issued keys, and the principal a key stands for."""

from __future__ import annotations

from pathlib import Path

from cloudlet.server.context import Principal
from cloudlet.server.credentials import CredentialStore


def test_an_account_gets_a_root_key_that_survives_a_reopen(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "credentials.sqlite")
    account, key = store.create_account("alice")
    assert len(account.account) == 12 and account.account.isdigit()
    assert key.access_key.startswith("AKIA") and len(key.access_key) == 20
    assert len(key.secret) == 40 and key.session_token == ""
    assert key.principal.arn == f"arn:aws:iam::{account.account}:root"
    store.close()
    again = CredentialStore(tmp_path / "credentials.sqlite")
    found = again.find(key.access_key)
    assert found is not None and found.secret == key.secret
    assert found.principal.account == account.account
    assert [a.name for a in again.accounts()] == ["alice"]


def test_a_session_key_is_temporary_and_names_its_role(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "credentials.sqlite")
    role = "arn:aws:iam::123456789012:role/app/worker"
    session = store.issue(Principal.role_session(role, "s1"), expires=1000.0,
                          extra={"tags": {"team": "a"}}, now=100.0)
    assert session.access_key.startswith("ASIA") and session.session_token
    assert session.principal.arn == "arn:aws:sts::123456789012:assumed-role/worker/s1"
    assert session.principal.identity == role
    assert not session.expired(999.0) and session.expired(1000.0)
    assert store.of_identity("123456789012", role)[0].extra == {"tags": {"team": "a"}}


def test_status_and_revocation_are_seen_at_once(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "credentials.sqlite")
    user = Principal.user("arn:aws:iam::123456789012:user/bob")
    key = store.issue(user)
    assert store.find(key.access_key) is not None
    store.set_status(key.access_key, "Inactive")
    found = store.find(key.access_key)
    assert found is not None and found.status == "Inactive"
    store.revoke(key.access_key)
    assert store.find(key.access_key) is None
    assert store.find("AKIANOTISSUEDANYWHERE") is None
