#!/usr/bin/env bash
# System packages the tests need beyond Python: Chromium for the HTML report test.
# Installs only when missing and when we may (root); in CI a missing browser is an error
# that the report test reports itself.
set -u
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian chromium for the report test…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium" >&2
  else
    echo "note: chromium not found; the report test will skip outside CI" >&2
  fi
fi
exit 0
