# Sourced by the benchmark scripts: sets $java to a JDK 22+ java (JAVA_HOME first, then /usr/lib/jvm), or exits.
# 22: what the build needs, and what picoev's epoll transport (FFM) runs on.
java=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
  if [ -x "$j" ] && "$j" -version 2>&1 | grep -qE 'version "(2[2-9]|[3-9][0-9])'; then java=$j; break; fi
done
[ -n "$java" ] || { echo "needs a JDK 22 or newer (for example temurin-25) under /usr/lib/jvm or in JAVA_HOME" >&2; exit 1; }
