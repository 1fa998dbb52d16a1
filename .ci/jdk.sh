# Sourced by ./lamina, ./run-tests and .ci/run: exports JAVA_HOME pointing at a JDK >= 25 (the machine's default
# java may be older), searching $LAMINA_JAVA_HOME, $JAVA_HOME and /usr/lib/jvm/*.
lamina_jdk_major() { # $1 = JDK home; prints its major version or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$rel" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  echo "$v"
}
lamina_find_jdk() {
  local cand major
  for cand in "${LAMINA_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$cand" ] || continue
    major=$(lamina_jdk_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then echo "$cand"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(lamina_find_jdk); then
  echo "lamina: no JDK 25 or newer found (looked at \$LAMINA_JAVA_HOME, \$JAVA_HOME and /usr/lib/jvm/*)" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
