#!/usr/bin/env bash
# Runner overhead benchmark: the same 1,000 trivial JUnit tests, whole process, through
# `fede2e test` against a hollow cluster and through JUnit's ConsoleLauncher; 5 runs each,
# alternating which goes first, medians compared. Run from the repository root:
# ./mvnw -B -pl runner -am package -Pbench -DskipTests
#
# `fede2e test` runs the way users run it, through the ./fede2e launcher (which adds its class
# data sharing archive, recorded by the first run of a command); ConsoleLauncher runs the way its
# users run it, `java -jar`. Each tool gets one untimed warm-up run first (files in the page
# cache for both; the launcher's archive for fede2e, as after any user's first run).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${root}/runner/target/bench"
lib="${root}/runner/target/fede2e-dist/lib"
console_jar="$(compgen -G "${work}/junit-platform-console-standalone-*.jar" | head -n1 || true)"
runs="${BENCH_RUNS:-5}"
tests="${BENCH_TESTS:-1000}"

[[ -d "${lib}" ]] || { echo "bench: no distribution in ${lib}; package the runner first" >&2; exit 2; }
[[ -n "${console_jar}" ]] || { echo "bench: no ConsoleLauncher jar in ${work}; run with -Pbench" >&2; exit 2; }

mkdir -p "${work}/src/bench" "${work}/classes"
api_jar="$(compgen -G "${lib}/junit-jupiter-api-*.jar" | head -n1)"

# 1,000 trivial tests in 10 classes of 100.
for c in $(seq 0 9); do
  {
    echo "package bench;"
    echo "import org.junit.jupiter.api.Test;"
    echo "public class Trivial${c}Test {"
    for m in $(seq 0 $(( tests / 10 - 1 ))); do
      echo "  @Test void t${m}() { }"
    done
    echo "}"
  } > "${work}/src/bench/Trivial${c}Test.java"
done
javac -d "${work}/classes" -cp "${api_jar}" "${work}"/src/bench/*.java
jar --create --file "${work}/trivial-tests.jar" -C "${work}/classes" .

state="${work}/cluster-state.json"
rm -f "${state}"
java -cp "${lib}/*" io.fede2e.runner.Main up --provider hollow --nodes 1 --state "${state}" \
  > "${work}/up.log" 2>&1 &
up_pid=$!
trap 'kill -TERM "${up_pid}" 2>/dev/null || true; wait "${up_pid}" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  [[ -f "${state}" ]] && break
  kill -0 "${up_pid}" 2>/dev/null || { cat "${work}/up.log" >&2; exit 3; }
  sleep 0.2
done
[[ -f "${state}" ]] || { echo "bench: the hollow cluster did not come up" >&2; exit 3; }

# The distribution was just packaged: tell the launcher so (it would otherwise rebuild it, as it
# does whenever sources are newer than its stamp).
touch "${root}/runner/target/fede2e-dist/.built"

now_ms() { date +%s%3N; }
run_console() {
  java -jar "${console_jar}" execute --class-path "${work}/trivial-tests.jar" --scan-class-path \
    --disable-banner --details=none > "${work}/console-$1.log" 2>&1
}
run_fede2e() {
  "${root}/fede2e" test --state "${state}" --builtin-suite=false \
    --suite-jar "${work}/trivial-tests.jar" --artifacts "${work}/artifacts-$1" > "${work}/fede2e-$1.log" 2>&1
}
# Prints "<wall ms> <cpu ms>" of the command: CPU (user + system of the process and its children)
# is printed beside the wall time because it varies far less with the machine's load.
timed() {
  local TIMEFORMAT='%3R %3U %3S' out
  out=$( { time "$@"; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<< "${out}"
}

echo "load before: $(uptime)"
run_console warmup
run_fede2e warmup
fede=()
cons=()
fede_cpu=()
cons_cpu=()
for i in $(seq 1 "${runs}"); do
  # Odd runs start with ConsoleLauncher, even runs with fede2e, so neither always runs second.
  if (( i % 2 == 1 )); then
    read -r c cc < <(timed run_console "${i}")
    read -r f fc < <(timed run_fede2e "${i}")
    order="ConsoleLauncher first"
  else
    read -r f fc < <(timed run_fede2e "${i}")
    read -r c cc < <(timed run_console "${i}")
    order="fede2e first"
  fi
  cons+=("${c}")
  fede+=("${f}")
  cons_cpu+=("${cc}")
  fede_cpu+=("${fc}")
  echo "run ${i} (${order}): ConsoleLauncher ${c} ms (CPU ${cc} ms), fede2e test ${f} ms (CPU ${fc} ms)"
done
echo "load after: $(uptime)"
if [[ "${FEDE2E_CDS:-true}" == "false" ]]; then
  echo "fede2e class data archive: not used (FEDE2E_CDS=false)"
else
  echo "fede2e class data archive: $(compgen -G "${root}/runner/target/fede2e-dist/cds/test-*.jsa" || echo none)"
fi
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mc=$(median "${cons[@]}")
mf=$(median "${fede[@]}")
mcc=$(median "${cons_cpu[@]}")
mfc=$(median "${fede_cpu[@]}")
pct() { awk -v f="$1" -v c="$2" 'BEGIN { printf "%+.1f%%", (f - c) * 100 / c }'; }
echo "tests: ${tests}; median ConsoleLauncher: ${mc} ms; median fede2e test: ${mf} ms; overhead: $(pct "${mf}" "${mc}")"
echo "CPU medians: ConsoleLauncher ${mcc} ms; fede2e test ${mfc} ms; overhead: $(pct "${mfc}" "${mcc}")"
grep -h "tests:" "${work}/fede2e-${runs}.log" | tail -n1
