# Helpers for the Windows-program tests: run a program under winlet in a fresh prefix
# and compare what it printed and how it exited.
set -u
WORK=$(mktemp -d "${TMPDIR:-/tmp}/winlet-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export WINLETPREFIX="$WORK/prefix"
failures=0
out= err= status=

# run PROGRAM ARGS... : sets $out (stdout, CR LF kept), $err, $status
run() {
    "$WINLET" "$@" >"$WORK/out" 2>"$WORK/err"
    status=$?
    out=$(cat "$WORK/out")
    err=$(cat "$WORK/err")
}

check() {   # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok - $1"
    else
        echo "not ok - $1"
        printf '  expected: %s\n  got:      %s\n' "$2" "$3"
        [ -n "$err" ] && printf '  stderr: %s\n' "$err"
        failures=$((failures + 1))
    fi
}

# the program's stdout with text-mode CR LF turned back into LF
text() { printf '%s' "$out" | tr -d '\r'; }

finish() { [ "$failures" -eq 0 ]; exit $?; }
