#!/usr/bin/env bash
# Prepares this checkout on a fresh Debian machine: system packages (only those missing), a
# virtualenv in .venv, and gongshi installed into it with `pip install .` (not editable, so the
# wheel's bundled templates are what runs). Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 python3-venv)
extras=""
if [ "${1:-}" = "--test" ]; then
  packages+=(poppler-utils chromium)
  extras="[test]"
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

# Reinstall only when the package's sources changed since the last install.
stamp=$(cat pyproject.toml <(echo "$extras") $(git ls-files generator templates content 2>/dev/null || find generator templates content -type f | sort) 2>/dev/null | sha256sum | cut -c1-16)
if [ "$(cat .venv/.gongshi-stamp 2>/dev/null)" != "$stamp" ]; then
  echo "setup: installing gongshi$extras into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check ".$extras"
  echo "$stamp" > .venv/.gongshi-stamp
fi
