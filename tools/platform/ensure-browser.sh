#!/bin/sh
# The console's browser tests drive Debian's Chromium through playwright-core (a browser download
# cannot work on this kind of machine). Installs it with apt when missing; safe to run repeatedly.
set -eu
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: /usr/bin/chromium is missing. Install Debian's chromium package (apt-get install -y chromium)." >&2
  exit 1
fi
echo "ensure-browser: installing chromium from Debian's packages" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
