"""Command line: ``python -m dajisaas_sandbox`` serves until Ctrl-C."""

import argparse
import logging
import signal
import sys
import time

from .catalog import DEFAULT_SEED
from .dialect import parse_assignment
from .orders import FIRST_PURCHASE_ID
from .server import DEFAULT_APP_KEY, DEFAULT_APP_SECRET, SandboxServer


def main(argv=None):
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sandbox = SandboxServer(
        app_key=args.app_key,
        app_secret=args.app_secret,
        host=args.host,
        port=args.port,
        allow_debug=not args.no_debug,
        callback_url=args.callback_url,
        seed=args.seed,
        dialect={k: v for assignment in args.dialect for k, v in assignment.items()},
        latency=args.latency_ms / 1000,
        first_purchase_id=args.first_purchase_id,
    )
    sandbox.start()
    secret_hint = (
        args.app_secret
        if args.app_secret == DEFAULT_APP_SECRET
        else "(as given with --app-secret)"
    )
    print(f"DajiSaaS sandbox listening on {sandbox.url}", flush=True)
    print(f"  appKey={args.app_key}  appSecret={secret_hint}", flush=True)
    debug = "refused" if args.no_debug else "accepted too (Odoo signs by default)"
    print(f"  signed requests: accepted; requests carrying the appSecret: {debug}", flush=True)
    print(f"  dialect: {sandbox.dialect}", flush=True)
    print(
        f"  callback URL: {args.callback_url or 'none'}; controls: GET {sandbox.url}/_sandbox/",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
        print("DajiSaaS sandbox stopped", flush=True)
    return 0


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m dajisaas_sandbox",
        description="Serve a sandbox of the DajiSaaS Taobao API on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--app-key", default=DEFAULT_APP_KEY)
    parser.add_argument("--app-secret", default=DEFAULT_APP_SECRET)
    parser.add_argument("--callback-url", help="where order status messages are posted")
    parser.add_argument("--no-debug", action="store_true", help="refuse appSecret in requests")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="catalog seed")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="delay every API answer by this many milliseconds (e.g. 150, a cross-border "
        "round trip)",
    )
    parser.add_argument(
        "--first-purchase-id",
        type=int,
        default=FIRST_PURCHASE_ID,
        help="the first purchase id handed out; a sandbox started again on a database that "
        "kept its purchase orders must start past their ids (tools/run uses the clock)",
    )
    parser.add_argument(
        "--dialect",
        action="append",
        default=[],
        type=_dialect_choice,
        metavar="NAME=VALUE",
        help="speak a dialect where the DajiSaaS docs are silent (repeatable), e.g. "
        "post_signing=scalars.ms_string.body; see dajisaas_sandbox/dialect.py",
    )
    return parser


def _dialect_choice(text):
    try:
        return parse_assignment(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
