#!/usr/bin/env bash
# Creates <repo>/.venv with the Milvus-protocol servers of the test harness (.ci/requirements-milvus.txt): Milvus Lite
# (milvus-lite, pymilvus) and the real Milvus standalone server (PyPI `milvus`, unpacked into .venv/milvus-standalone/),
# then prints the milvus-lite path.
# Idempotent: when the pinned versions are already installed and unpacked it only checks them.
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

# The `milvus` wheel ships the Milvus binary and its libraries lzma-compressed; its milvus-server wrapper would unpack
# them into every data directory it is given. Unpack them once here (test-support: MilvusStandalone runs
# .venv/milvus-standalone/bin/milvus with a config of its own), with the config template they were built with.
# A VERSION stamp makes this a no-op later; the folder appears whole or not at all (rename).
"$venv/bin/python" - "$venv/milvus-standalone" <<'PY'
import lzma, os, shutil, sys
import milvus

dest = sys.argv[1]
stamp = os.path.join(dest, "VERSION")
if os.path.isfile(os.path.join(dest, "bin", "milvus")) and os.path.isfile(stamp):
    with open(stamp, encoding="utf-8") as f:
        if f.read().strip() == milvus.__version__:
            sys.exit(0)
data = os.path.join(os.path.dirname(milvus.__file__), "data")
tmp = dest + ".tmp"
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(os.path.join(tmp, "bin"))
for name in sorted(os.listdir(os.path.join(data, "bin"))):
    if name.endswith(".lzma"):
        target = os.path.join(tmp, "bin", name[: -len(".lzma")])
        with lzma.open(os.path.join(data, "bin", name)) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        os.chmod(target, 0o755)
for name in ("config.yaml.template", "glog.conf"):
    shutil.copy(os.path.join(data, name), os.path.join(tmp, name))
with open(os.path.join(tmp, "VERSION"), "w", encoding="utf-8") as f:
    f.write(milvus.__version__ + "\n")
shutil.rmtree(dest, ignore_errors=True)
os.rename(tmp, dest)
PY

for executable in "$venv/bin/milvus-lite" "$venv/milvus-standalone/bin/milvus"; do
  if [[ ! -x "$executable" ]]; then
    echo "setup-python.sh: $executable missing after installing $requirements" >&2
    exit 1
  fi
done
milvus_lite="$venv/bin/milvus-lite"
echo "$milvus_lite"
