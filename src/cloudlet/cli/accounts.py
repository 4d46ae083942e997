"""``cloudlet accounts create [NAME] [--count N] [--csv]`` and ``cloudlet accounts list``.

Accounts and their root access keys live in ``DIR/credentials.sqlite`` (the server's
``CredentialStore``), so a server running on the same data dir signs with them at once
(``--auth on``); no server needs to be running.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from cloudlet.server.credentials import CredentialStore

_COLUMNS = ("name", "account_id", "access_key_id", "secret_access_key")

_data_dir = click.option(
    "--data-dir", default=".cloudlet", show_default=True, type=click.Path(path_type=Path),
    envvar="CLOUDLET_DATA_DIR", help="The server's data dir (as for cloudlet start).")
_csv = click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")


@click.group()
def accounts() -> None:
    """Accounts and their access keys (what --auth on verifies signatures against)."""


@accounts.command()
@click.argument("name", required=False, default="")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="How many accounts (with NAME: NAME-1 .. NAME-N).")
@_csv
@_data_dir
def create(name: str, count: int, as_csv: bool, data_dir: Path) -> None:
    """Create accounts and print each one's id and root access key."""
    names = [f"{name}-{i}" for i in range(1, count + 1)] if name and count > 1 else \
        [name] * count
    store = _open(data_dir)
    try:
        rows = []
        for wanted in names:
            account, key = store.create_account(wanted)
            rows.append((account.name, account.account, key.access_key, key.secret))
    finally:
        store.close()
    click.echo(_render(rows, as_csv), nl=False)


@accounts.command(name="list")
@_csv
@_data_dir
def list_accounts(as_csv: bool, data_dir: Path) -> None:
    """List the accounts with their root access keys."""
    store = _open(data_dir)
    try:
        rows = []
        for account in store.accounts():
            root = f"arn:aws:iam::{account.account}:root"
            keys = [(k.access_key, k.secret) for k in store.of_identity(account.account, root)
                    if k.status == "Active"]
            for key_id, secret in keys or [("", "")]:
                rows.append((account.name, account.account, key_id, secret))
    finally:
        store.close()
    click.echo(_render(rows, as_csv), nl=False)


def _open(data_dir: Path) -> CredentialStore:
    data_dir.mkdir(parents=True, exist_ok=True)
    return CredentialStore(data_dir / "credentials.sqlite")


def _render(rows: list[tuple[str, str, str, str]], as_csv: bool) -> str:
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_COLUMNS)
        writer.writerows(rows)
        return out.getvalue()
    table = [_COLUMNS, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(_COLUMNS))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                   + "\n" for row in table)
