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
  gateway_origin=$(printf '%s' "$gateway_url" | sed -E 's#^(https?://[^/?#]+).*$#\1#')
  # The origin goes into a Content-Security-Policy and an nginx directive: a host name and a port only.
  if ! printf '%s' "$gateway_origin" | grep -Eq '^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$'; then
    echo "console: GATEWAY_URL must be an http(s) URL without quotes, spaces or backslashes, got: $gateway_url" >&2
    exit 1
  fi
  gateway_sources="$gateway_origin $(printf '%s' "$gateway_origin" | sed 's#^http#ws#')"
else
  echo "console: GATEWAY_URL is not set; the console will look for the gateway on its own host, port 3000" >&2
  config="{}"
  gateway_sources="http://*:3000 https://*:3000 ws://*:3000 wss://*:3000"
fi

mkdir -p "$config_dir"
# Write then rename, so nginx never serves a half-written file.
printf 'window.GARDA_CONFIG = %s;\n' "$config" > "$config_dir/config.js.tmp"
mv "$config_dir/config.js.tmp" "$config_dir/config.js"

# The headers of every response (console-nginx.conf includes this file in each location): the page
# runs only its own scripts and talks only to itself and the gateway; nothing may frame it. The same
# policy as apps/console/serve.mjs. $garda_hsts is set only for requests that came over TLS.
csp="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' $gateway_sources; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
{
  printf 'add_header Content-Security-Policy "%s" always;\n' "$csp"
  printf 'add_header X-Frame-Options "DENY" always;\n'
  printf 'add_header X-Content-Type-Options "nosniff" always;\n'
  printf 'add_header Referrer-Policy "same-origin" always;\n'
  printf 'add_header Cross-Origin-Opener-Policy "same-origin" always;\n'
  printf 'add_header Strict-Transport-Security $garda_hsts always;\n'
} > "$config_dir/security-headers.conf.tmp"
mv "$config_dir/security-headers.conf.tmp" "$config_dir/security-headers.conf"
