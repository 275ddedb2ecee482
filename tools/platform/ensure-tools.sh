#!/bin/sh
# Installs the command-line tools the deployment tests need, with apt, only when
# they are missing: a Compose implementation (docker-compose 1.29, to validate docker-compose.yml
# offline), kubectl (to render deploy/k8s with `kubectl kustomize`) and nginx (to serve the
# console's nginx configuration and check its headers). Safe to run repeatedly.
set -eu

missing=""
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  missing="$missing docker-compose"
fi
if ! command -v kubectl >/dev/null 2>&1; then
  missing="$missing kubectl"
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  missing="$missing nginx-light"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: missing:$missing. Install them with your package manager (Debian: apt-get install -y$missing)." >&2
  exit 1
fi

echo "ensure-tools: installing$missing from Debian's packages" >&2
for package in $missing; do
  if [ -z "$(apt-cache policy "$package" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)')" ]; then
    apt-get update -qq
    break
  fi
done
for package in $missing; do
  if [ -z "$(apt-cache policy "$package" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)')" ]; then
    # No candidate in the configured apt sources. Debian bookworm's own `kubernetes-client` is
    # kubectl 1.20, whose kustomize is too old for deploy/k8s, so it is not a substitute.
    echo "ensure-tools: no '$package' package in the configured apt sources." >&2
    [ "$package" = kubectl ] && echo "ensure-tools: add the Kubernetes apt repository (pkgs.k8s.io, kubectl >= 1.27) and rerun." >&2
    exit 1
  fi
done
# Debian starts services it installs (nginx on port 80): policy-rc.d says no while installing.
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=yes
fi
status=0
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || status=$?
[ "$own_policy" = yes ] && rm -f "$policy"
[ "$status" -eq 0 ] || exit "$status"
