#!/usr/bin/env bash
# Installs the Debian packages the tests drive (chromium, poppler-utils,
# postgresql for the team-server tests' throwaway cluster, softhsm2: a
# real PKCS#11 token holding the test master keys, nodejs and npm for
# the sign-in test's OIDC provider, and haproxy for the test of two
# workers behind the deploy/ proxy) when
# they are missing and we may (root with apt); otherwise says what to install.
# With the argument "voices": the read-aloud clip makers (espeak-ng, lame) only.
set -euo pipefail
need=()
if [ "${1:-}" = voices ]; then
  command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
  command -v lame >/dev/null 2>&1 || need+=(lame)
else
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  # Debian keeps initdb/pg_ctl in /usr/lib/postgresql/<major>/bin, off $PATH.
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
    || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
  [ -e /usr/lib/softhsm/libsofthsm2.so ] && command -v softhsm2-util >/dev/null 2>&1 \
    || need+=(softhsm2)
  # The sign-in test's local OIDC provider (tests/oidc_provider) runs on Node.
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  # Debian puts haproxy in /usr/sbin, off a normal user's $PATH.
  [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} with apt-get …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Min röst's tests need these Debian packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
