#!/usr/bin/env bash
# Write link/hot-functions.txt: the functions of the release binary that everyday commands run,
# those most commands run first. build.rs has the linker place them together (see
# `link_hot_functions_together` there), which keeps a command's resident memory small.
#
#   link/hot-functions.sh        (needs valgrind, nm and python3; then rebuild with --release)
#
# Run it again after a large change to what the commands run, or to the dependencies or the
# compiler (which rename functions): a stale list only costs memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=target/release/thinkkit
plan=examples/riverside-homes.plan.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=0
while IFS= read -r args; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  valgrind --tool=callgrind --demangle=no --compress-strings=no \
    --callgrind-out-file="$work/$i.out" "$bin" $args >/dev/null 2>&1 || true
done <<COMMANDS
--version
cards list
cards list --json
cards show digital-access-survey
status $plan
render $plan --format html -o $work/s.html
render $plan --format md -o $work/s.md
render $plan --format docx -o $work/s.docx
render $plan --format onepage -o $work/o.html
measure show $plan
plan check $plan
compare $plan $plan -o $work/c.md
print cards -o $work/cards.html
play inner-city-estate --team A=digital-access-survey
kit list
COMMANDS
nm --defined-only "$bin" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$work/symbols"
python3 - "$work" >link/hot-functions.txt <<'PY'
import collections, glob, sys
work = sys.argv[1]
known = set(open(f"{work}/symbols").read().split())
count, first = collections.Counter(), {}
for path in sorted(glob.glob(f"{work}/*.out")):
    seen = set()
    for line in open(path, errors="replace"):
        if line.startswith("fn="):
            name = line[3:].strip()
            if name in known and name not in seen:
                seen.add(name)
                count[name] += 1
                first.setdefault(name, len(first))
for name in sorted(count, key=lambda n: (-count[n], first[n])):
    print(name)
PY
echo "link/hot-functions.txt: $(wc -l <link/hot-functions.txt) functions"
