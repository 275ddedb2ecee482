#!/bin/sh
# Writes the console's /config.js from GATEWAY_URL when the container starts, so one console image
# serves every environment (the React app reads window.GARDA_CONFIG, apps/console/src/config.ts).
# Installed as /docker-entrypoint.d/40-garda-config.sh: nginx's entrypoint runs it before nginx.
# The file goes to /tmp/garda-config (/tmp is writable; the root filesystem is read-only in pods),
# where console-nginx.conf serves /config.js from. GARDA_CONFIG_DIR moves it, for tests only.
set -eu

config_dir="${GARDA_CONFIG_DIR:-/tmp/garda-config}"
gateway_url="${GATEWAY_URL:-}"

if [ -n "$gateway_url" ]; then
  # The value lands inside a script: allow only what a URL needs, nothing that could end the string.
  # (grep matches line by line, so a value with a line break is refused before it is asked.)
  newline='
'
  case "$gateway_url" in *"$newline"*) gateway_url_ok=no ;; *) gateway_url_ok=yes ;; esac
  if [ "$gateway_url_ok" = no ] || ! printf '%s' "$gateway_url" | grep -Eq '^https?://[A-Za-z0-9._~:/?#@!$&()*+,;=%-]+$'; then
    echo "console: GATEWAY_URL must be an http(s) URL without quotes, spaces or backslashes, got: $gateway_url" >&2
    exit 1
  fi
  config="{\"gatewayUrl\":\"$gateway_url\"}"
else
  echo "console: GATEWAY_URL is not set; the console will look for the gateway on its own host, port 3000" >&2
  config="{}"
fi

mkdir -p "$config_dir"
# Write then rename, so nginx never serves a half-written file.
printf 'window.GARDA_CONFIG = %s;\n' "$config" > "$config_dir/config.js.tmp"
mv "$config_dir/config.js.tmp" "$config_dir/config.js"
