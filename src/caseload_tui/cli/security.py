"""``caseload encrypt`` and ``caseload rekey``: a plain database encrypted, a key changed;
``caseload idle-lock``: how long the app waits before it locks; and the one place a passphrase
is asked for (on the terminal, before the app starts)."""

from __future__ import annotations

import argparse
import getpass
import sys

from .common import add_database_option, database_file_of, open_workspace_of


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    encrypt = sub.add_parser(
        "encrypt", help="encrypt a plain database in place (checked, then swapped in); app closed"
    )
    add_database_option(encrypt)
    encrypt.set_defaults(func=encrypt_command)
    rekey = sub.add_parser("rekey", help="change an encrypted database's passphrase or key; app closed")
    rekey.add_argument(
        "--passphrase",
        action="store_true",
        help="a key kept in the credential store becomes a passphrase (to open backups elsewhere)",
    )
    add_database_option(rekey)
    rekey.set_defaults(func=rekey_command)
    idle = sub.add_parser("idle-lock", help="how many idle minutes before the app locks (show or set)")
    idle.add_argument("minutes", nargs="?", type=_minutes, help="0: never; without it, the setting is shown")
    add_database_option(idle)
    idle.set_defaults(func=idle_lock_command)


def _minutes(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 24 * 60:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes from 0 to 1440")
    return int(text)


def ask_passphrase(question: str) -> str:
    """Ask on the terminal, without echo; EOFError when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        raise EOFError
    return getpass.getpass(question)


def encrypt_command(args: argparse.Namespace) -> int:
    from ..domain.wording import plural
    from ..services.security import encrypt_database

    database = database_file_of(args)
    done = encrypt_database(database, ask_passphrase)
    rows = sum(done.counts.values())
    print(
        f"encrypted {database}: {plural(len(done.counts), 'table')}, {rows:,} rows, checked; the plain "
        f"file is gone. The key is {done.key_kept}. Backups made before now are still plain: "
        "delete them, or keep them as safe as the laptop"
    )
    return 0


def rekey_command(args: argparse.Namespace) -> int:
    from ..services.security import rekey_database

    database = database_file_of(args)
    kept = rekey_database(database, ask_passphrase, to_passphrase=args.passphrase)
    print(
        f"changed the key of {database}; the new key is {kept}. Backups made before now still open "
        "with the old one"
    )
    return 0


def idle_lock_command(args: argparse.Namespace) -> int:
    from ..domain.wording import plural
    from ..services.lock import idle_minutes, set_idle_minutes

    workspace = open_workspace_of(args)
    try:
        if args.minutes is not None:
            set_idle_minutes(workspace, args.minutes)
        minutes = idle_minutes(workspace)
    finally:
        workspace.close()
    said = "never locks" if minutes == 0 else f"locks after {plural(minutes, 'idle minute')}"
    print(f"the app {said} (a setting of the database, for everyone who opens it)")
    return 0
