#!/usr/bin/env bash
# A fake upstream e2e binary for the ginkgo-engine tests. The line below is what a Go binary of
# Ginkgo carries in its symbol table; FakeE2eBinary writes the v1 or v2 marker into it:
# MARKER
# It prints Ginkgo's listing and verbose output in the version's format for the specs of
# specs.txt (one "containers|It text" a line, beside this script), runs each as outcomes.txt
# says (name TAB pass|fail|skip|hang|crash|flaky; default pass) and writes a junit report.
set -u
VERSION=__VERSION__
here="$(cd "$(dirname "$0")" && pwd)"
echo "$*" >> "$here/calls.log"
focus='' report='' dry=0 list=0
for a in "$@"; do
  case "$a" in
    --ginkgo.focus=*) focus="${a#--ginkgo.focus=}" ;;
    --report-dir=*) report="${a#--report-dir=}" ;;
    --ginkgo.dryRun|--ginkgo.dry-run) dry=1 ;;
    --list-tests) list=1 ;;
  esac
done
[ -f "$here/broken-listing" ] && { echo "flag provided but not defined: -ginkgo.dryRun"; exit 2; }
mapfile -t lines < "$here/specs.txt"
outcome() {
  local o
  o="$(awk -F'\t' -v n="$1" '$1 == n { print $2 }' "$here/outcomes.txt" 2>/dev/null)"
  echo "${o:-pass}"
}
xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
if [ "$list" = 1 ]; then
  [ "$VERSION" = 1 ] && { echo "flag provided but not defined: -list-tests"; exit 2; }
  [ -f "$here/no-list-tests" ] && { echo "flag provided but not defined: -list-tests"; exit 2; }
  echo "The following spec names can be used with 'ginkgo run --focus/skip':"
  i=0
  for l in "${lines[@]}"; do i=$((i+1)); echo "    test/e2e/fake.go:$i: ${l%%|*}${l#*|}"; done
  exit 0
fi
echo "I1207 12:00:00.000000 1 e2e.go:129] Starting e2e run on Ginkgo node 1"
echo "Running Suite: Kubernetes e2e suite"
echo "==================================="
echo "Will run ${#lines[@]} of ${#lines[@]} specs"
echo
[ -f "$here/fail-before-suite" ] && [ "$dry" = 0 ] && { echo "BeforeSuite failed: no nodes"; exit 1; }
junit=()
failed=0
i=0
for l in "${lines[@]}"; do
  i=$((i+1))
  ctx="${l%%|*}" it="${l#*|}" name="${l%%|*}${l#*|}"
  if [ "$VERSION" = 1 ]; then full="Kubernetes e2e suite [Top Level] $name"; else full="Kubernetes e2e suite $name"; fi
  if [ -n "$focus" ] && ! [[ "$full" =~ $focus ]]; then
    junit+=("<testcase name=\"$(printf '%s' "$name" | xml)\" classname=\"Kubernetes e2e suite\" time=\"0\"><skipped></skipped></testcase>")
    continue
  fi
  echo "------------------------------"
  if [ "$VERSION" = 1 ]; then
    if [ -n "$ctx" ]; then echo "$ctx"; echo "  $it"; echo "  test/e2e/fake.go:$i"; else echo "$it"; echo "test/e2e/fake.go:$i"; fi
  else
    echo "$name"; echo "test/e2e/fake.go:$i"
  fi
  if [ "$dry" = 1 ]; then echo "•"; continue; fi
  o="$(outcome "$name")"
  if [ "$o" = flaky ]; then
    if [ -f "$here/flaked-$i" ]; then o=pass; else touch "$here/flaked-$i"; o=fail; fi
  fi
  echo "STEP: running $name"
  echo "INFO: token=s3cr3t-token-value"
  case "$o" in
    pass)
      if [ "$VERSION" = 1 ]; then echo "•{\"msg\":\"PASSED $name\"}"; else echo "• [0.010 seconds]"; fi
      junit+=("<testcase name=\"$(printf '%s' "$name" | xml)\" classname=\"Kubernetes e2e suite\" time=\"0.01\"></testcase>") ;;
    fail)
      if [ "$VERSION" = 1 ]; then
        # As Ginkgo v1 repeats the header of a failure: each container with its location, then the It.
        echo "• Failure [0.020 seconds]"; echo "${ctx% }"; echo "test/e2e/fake.go:1"; echo "  $it [It]"
        echo "  test/e2e/fake.go:$i"; echo
        echo "  Dec  7 12:23:50.402: expected 1 pods, got 0"; echo "      in namespace e2e-1"; echo
        echo "  test/e2e/fake.go:$((i+100))"
      else
        echo "• [FAILED] [0.020 seconds]"; echo "$name"; echo "test/e2e/fake.go:$i"; echo
        echo "  [FAILED] expected 1 pods, got 0"; echo "  In [It] at: test/e2e/fake.go:$((i+100))"
      fi
      echo "------------------------------"
      failed=1
      junit+=("<testcase name=\"$(printf '%s' "$name" | xml)\" classname=\"Kubernetes e2e suite\" time=\"0.02\"><failure type=\"Failure\">expected 1 pods, got 0&#xA;test/e2e/fake.go:$((i+100))</failure></testcase>") ;;
    skip)
      if [ "$VERSION" = 1 ]; then
        echo "S [SKIPPING] [0.001 seconds]"; echo "${ctx% }"; echo "test/e2e/fake.go:1"; echo "  $it [It]"
        echo "  test/e2e/fake.go:$i"; echo
        echo "  Only supported for providers [gce] (not local)"; echo
      else
        echo "S [SKIPPED] [0.001 seconds]"; echo "$name"; echo "test/e2e/fake.go:$i"; echo
        echo "  [SKIPPED] Only supported for providers [gce] (not local)"
      fi
      echo "------------------------------"
      junit+=("<testcase name=\"$(printf '%s' "$name" | xml)\" classname=\"Kubernetes e2e suite\" time=\"0\"><skipped message=\"Only supported for providers [gce] (not local)\"></skipped></testcase>") ;;
    hang)
      echo "waiting for the pod to run"; sleep 600 & wait ;;
    crash)
      echo "panic: runtime error: invalid memory address or nil pointer dereference"
      echo "goroutine 1 [running]:"
      exit 2 ;;
  esac
done
if [ -n "$report" ] && [ "$dry" = 0 ]; then
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuite name=\"Kubernetes e2e suite\" tests=\"${#junit[@]}\">"
    printf '%s\n' "${junit[@]}"
    echo "</testsuite>"
  } > "$report/junit_01.xml"
fi
echo
echo "Ran ${#lines[@]} of ${#lines[@]} Specs in 0.100 seconds"
[ "$failed" = 1 ] && { echo "FAIL!"; exit 1; }
echo "SUCCESS!"
exit 0
