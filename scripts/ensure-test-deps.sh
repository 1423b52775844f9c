#!/usr/bin/env bash
# System packages the tests need beyond Python: Chromium for the HTML report tests, and the
# fonts the report names (Liberation Sans, metric-compatible with Arial, whose widths the
# charts are laid out with; Noto Sans CJK for Chinese). Installs only what is missing and
# only when we may (root); in CI a missing browser or font is an error the tests report.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if command -v fc-list >/dev/null 2>&1; then
  fc-list : family | grep -q "Liberation Sans" || missing+=(fonts-liberation)
  fc-list : family | grep -q "Noto Sans CJK SC" || missing+=(fonts-noto-cjk)
else
  missing+=(fontconfig fonts-liberation fonts-noto-cjk)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the report tests…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "warning: could not install ${missing[*]}" >&2
  else
    echo "note: ${missing[*]} not installed; the report tests will skip outside CI" >&2
  fi
fi
exit 0
