#!/bin/sh
# Fills the ${NAME} placeholders of one template (a job definition, compute environment, queue, rule pattern,
# rule targets or IAM policy) from the environment and prints the result on stdout.
#
#   render.sh [-e FILE]... TEMPLATE > rendered.json
#
# -e FILE reads NAME=value lines (shell syntax, e.g. example.env) before rendering; later files win.
# Only ${UPPER_CASE} names are placeholders: Batch's Ref::name parameters are left alone.
# Fails (exit 1, nothing printed) when any placeholder is unset, or when a value holds a double quote or a
# backslash (values are pasted into JSON strings unescaped). An empty value is allowed.
set -eu

usage() {
    echo "usage: render.sh [-e ENV_FILE]... TEMPLATE" >&2
    exit 2
}

while getopts e: opt; do
    case $opt in
        e)
            case $OPTARG in */*) f=$OPTARG ;; *) f=./$OPTARG ;; esac
            [ -r "$f" ] || { echo "render.sh: cannot read $OPTARG" >&2; exit 2; }
            set -a
            # shellcheck disable=SC1090
            . "$f"
            set +a
            ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
[ -r "$1" ] || { echo "render.sh: cannot read $1" >&2; exit 2; }

awk -v template="$1" '
{
    line = $0
    out = ""
    while (match(line, /\$\{[A-Z][A-Z0-9_]*\}/)) {
        name = substr(line, RSTART + 2, RLENGTH - 3)
        value = ""
        if (name in ENVIRON) {
            value = ENVIRON[name]
            if (index(value, "\"") > 0 || index(value, "\\") > 0) {
                bad[name] = 1
            }
        } else {
            missing[name] = 1
        }
        out = out substr(line, 1, RSTART - 1) value
        line = substr(line, RSTART + RLENGTH)
    }
    lines[NR] = out line
}
END {
    failed = 0
    for (name in missing) {
        printf "render.sh: %s: placeholder ${%s} is not set\n", template, name > "/dev/stderr"
        failed = 1
    }
    for (name in bad) {
        printf "render.sh: %s: value of %s must not contain a double quote or a backslash\n", template, name > "/dev/stderr"
        failed = 1
    }
    if (failed) {
        exit 1
    }
    for (i = 1; i <= NR; i++) {
        print lines[i]
    }
}' "$1"
