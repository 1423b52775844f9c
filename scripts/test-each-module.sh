#!/usr/bin/env bash
# Run every test module on its own, in a fresh pytest process each, so that no test can
# pass only because another module ran (or imported something) first. Prints the modules
# that fail alone and exits 1 if there are any.
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
failed=()
for f in $(find tests -name 'test_*.py' | sort); do
  if ! "$PY" -m pytest -q -x -p no:cacheprovider "$f" >/tmp/gtt-each-module.log 2>&1; then
    echo "FAILS ALONE: $f"; tail -5 /tmp/gtt-each-module.log
    failed+=("$f")
  fi
done
echo "${#failed[@]} module(s) fail on their own"
[ ${#failed[@]} -eq 0 ]
