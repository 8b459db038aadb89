#!/usr/bin/env bash
# Creates <repo>/.venv with milvus-lite (and pymilvus) for the test harness, then prints the milvus-lite path.
# Idempotent: when the pinned versions are already installed it only checks them.
# Override the interpreter with PYTHON=/path/to/python3.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$repo_root/.ci/requirements-milvus.txt"
venv="$repo_root/.venv"

python_ok() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10; do
    if [[ -n "$candidate" ]] && command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [[ ! -x "$venv/bin/python" ]] || ! python_ok "$venv/bin/python"; then
  if ! python="$(find_python)"; then
    echo "setup-python.sh: need Python >= 3.10 (milvus-lite requires it); none found as python3, python3.1x or \$PYTHON." >&2
    echo "Install one (e.g. apt-get install python3.11 python3.11-venv) or set PYTHON=/path/to/python3." >&2
    exit 1
  fi
  echo "Creating $venv with $python ($("$python" --version 2>&1))"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

# Quick path: every pinned requirement already installed at its version.
installed="$("$venv/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null | tr '[:upper:]_' '[:lower:]-')"
missing=0
while read -r requirement; do
  [[ -z "$requirement" || "$requirement" == \#* ]] && continue
  if ! grep -qxF "$(tr '[:upper:]_' '[:lower:]-' <<<"$requirement")" <<<"$installed"; then
    missing=1
  fi
done < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$requirements")

if [[ "$missing" == 1 ]]; then
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements"
fi

milvus_lite="$venv/bin/milvus-lite"
if [[ ! -x "$milvus_lite" ]]; then
  echo "setup-python.sh: $milvus_lite missing after installing $requirements" >&2
  exit 1
fi
echo "$milvus_lite"
