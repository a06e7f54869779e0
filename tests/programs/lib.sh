# Helpers for the real-program tests: find the programs tools/programs/fetch left, or
# skip (exit 77, automake's SKIP) when they were not fetched.
. "$SRCDIR/tests/win/lib.sh"
PROGRAMS=${WINLET_PROGRAMS:-$(dirname "$WINLET")/tools/programs/out}

need() {   # need NAME/win/prog.exe NAME/linux/prog
    for p in "$@"; do
        if [ ! -f "$PROGRAMS/$p" ]; then
            echo "SKIP: $PROGRAMS/$p is missing (run tools/programs/fetch or make fetch-programs)"
            exit 77
        fi
    done
}

# winlet_in DIR PROGRAM ARGS... : like run, from DIR
winlet_in() {
    dir=$1; shift
    (cd "$dir" && "$WINLET" "$@") >"$WORK/out" 2>"$WORK/err"
    status=$?
    out=$(cat "$WORK/out"); err=$(cat "$WORK/err")
}

# hashes DIR : "sha256  relative/path" of every file under DIR, sorted
hashes() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
