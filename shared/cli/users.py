"""``antre user``: adding users and setting their passwords."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from shared import auth
from shared.cli import common
from shared.errors import BadInput


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise BadInput("Tidak ada terminal untuk mengetik kata sandi; gunakan --password-stdin.")
    first = getpass.getpass("Kata sandi baru: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise BadInput("Kedua kata sandi tidak sama.")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    user = common.action(args, auth.add_user, args.username, password, role=args.role,
                         full_name=args.name or "", agency=args.agency)
    common.out(args, f"Pengguna '{user.username}' ({user.role}) ditambahkan.",
               {"ok": True, "username": user.username, "role": user.role})
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    password = _read_password(args)
    common.action(args, auth.set_password, args.username, password)
    common.out(args, f"Kata sandi '{args.username}' diganti.", {"ok": True, "username": args.username})
    return 0


def register(sub: Any, add: common.AddCommand) -> None:
    user_p = sub.add_parser("user", help="users").add_subparsers(dest="user_cmd", required=True)
    sp = add(user_p, "add", cmd_user_add, "add a user")
    sp.add_argument("username")
    sp.add_argument("--role", default="clerk", choices=["clerk", "supervisor", "admin"])
    sp.add_argument("--agency")
    sp.add_argument("--name")
    sp.add_argument("--password-stdin", action="store_true")
    sp = add(user_p, "passwd", cmd_user_passwd, "set a user's password")
    sp.add_argument("username")
    sp.add_argument("--password-stdin", action="store_true")
