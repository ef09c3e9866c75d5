# Sourced by the benchmark scripts: sets $java to a JDK 21+ java (JAVA_HOME first, then /usr/lib/jvm), or exits.
java=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
  if [ -x "$j" ] && "$j" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then java=$j; break; fi
done
[ -n "$java" ] || { echo "needs a JDK 21 or newer (for example temurin-25) under /usr/lib/jvm or in JAVA_HOME" >&2; exit 1; }
