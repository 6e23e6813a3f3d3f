"""Write i18n/taobao_purchase.pot from Odoo's raw export and merge it into every i18n/*.po.

Odoo's exporter walks the whole addon folder: terms found only outside the addon's runtime
code (a virtualenv inside the clone, the sandbox, the tools, the tests) are dropped. Entries
are kept verbatim (Odoo reads its ``#:`` references back); GNU gettext's ``msgmerge`` merges.
"""

import re
import subprocess
import sys
from pathlib import Path

OUTSIDE_THE_ADDON = re.compile(
    r"code:addons/taobao_purchase/(\.?venv|dajisaas_sandbox|tools|tests|dajisaas/tests)/"
)


def _entries(text):
    return re.split(r"\n\n(?=#|msgid)", text.strip())


def _runtime_only(entry):
    locations = re.findall(r"^#: (.+)$", entry, flags=re.M)
    refs = [ref for line in locations for ref in line.split()]
    kept = [ref for ref in refs if not OUTSIDE_THE_ADDON.match(ref)]
    if refs and not kept:
        return None
    return "\n".join(line for line in entry.splitlines() if not OUTSIDE_THE_ADDON.match(line[3:]))


def main(raw_pot, i18n_dir):
    i18n = Path(i18n_dir)
    i18n.mkdir(exist_ok=True)
    header, *entries = _entries(Path(raw_pot).read_text(encoding="utf-8"))
    kept = [entry for entry in map(_runtime_only, entries) if entry]
    pot = i18n / "taobao_purchase.pot"
    pot.write_text("\n\n".join([header, *kept]) + "\n", encoding="utf-8")
    print(f"{pot.name}: {len(kept)} terms ({len(entries) - len(kept)} outside the addon dropped)")
    for po in sorted(i18n.glob("*.po")):
        subprocess.run(
            [
                "msgmerge",
                "--quiet",
                "--no-fuzzy-matching",
                "--update",
                "--backup=none",
                str(po),
                str(pot),
            ],
            check=True,
        )
        subprocess.run(["msgattrib", "--no-obsolete", "-o", str(po), str(po)], check=True)
        stats = subprocess.run(
            ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
            check=True,
            capture_output=True,
            text=True,
        )
        print(f"{po.name}: {stats.stderr.strip()}")


if __name__ == "__main__":
    main(*sys.argv[1:])
