# Sourced by clipstream's scripts: exports JAVA_HOME pointing at a JDK 21 or newer, or stops with a clear message.
# Looks at $JAVA_HOME first, then every JDK under /usr/lib/jvm and /opt, then the java on PATH.

clipstream_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

clipstream_select_jdk() {
  local candidate major
  local from_path=""
  if command -v java >/dev/null 2>&1; then
    from_path="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$from_path"; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major="$(clipstream_java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "clipstream needs a JDK 21 or newer (found none in \$JAVA_HOME, /usr/lib/jvm, /opt or on PATH)." >&2
  echo "Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1
}

clipstream_select_jdk || exit 1
