#!/usr/bin/env bash
# Whole-process HTML render of the worked example against pandoc on the same document.
#
# thinkkit renders the example plan to Markdown once; then, interleaved round by round so that
# both see the same load on a shared machine, it times `thinkkit render PLAN --format html` (the
# whole process: the kit, the plan, the analysis, the templates, the page) and
# `pandoc -s` converting that Markdown to a standalone HTML page, and reports each one's median
# wall-clock time, CPU time and peak memory, and the ratio. Target: thinkkit at least 25x faster,
# peaking at no more than 10 MiB.
#
# thinkkit writes `-o FILE` durably (a temporary file, flushed to the disk, renamed, and the
# folder flushed: two fsyncs), which pandoc does not. The fsyncs cost wall-clock time waiting for
# the disk (about 1-2 ms here) and some CPU time in the kernel (about 0.35 ms here, 8% of the
# render, by `perf record`). So thinkkit is also timed writing the page to its standard output,
# redirected to a file, as pandoc writes its own: that is the like-for-like figure.
#
#   benches/vs-pandoc.sh [ROUNDS]        (default 40 rounds; needs pandoc, python3 and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-40}
command -v pandoc >/dev/null || { echo "pandoc is not installed (apt-get install pandoc)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 1; }
cargo build --release --locked --quiet
bin=target/release/thinkkit
plan=examples/riverside-homes.plan.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" render "$plan" -o "$work/strategy.md"

# One run: "wall-µs cpu-s peak-KiB". Wall and CPU time come from wait4(2), in microseconds (GNU
# time rounds CPU time to 10 ms, as long as a whole render). The peak comes from a second run
# under GNU time: a child's peak as wait4 reports it includes the process it was forked from
# (here python's 13 MiB), where GNU time forks from a process of 2 MiB.
run() {
  local out=
  if [ "$1" = "--stdout" ]; then out=$2; shift 2; fi
  local times
  times=$(RUN_OUT=$out python3 - "$@" <<'PY'
import os, subprocess, sys, time
start = time.perf_counter_ns()
out = open(os.environ["RUN_OUT"], "wb") if os.environ.get("RUN_OUT") else subprocess.DEVNULL
child = subprocess.Popen(sys.argv[1:], stdout=out, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
wall = (time.perf_counter_ns() - start) // 1000
if status != 0:
    sys.exit(f"{sys.argv[1]} failed")
print(wall, f"{usage.ru_utime + usage.ru_stime:.6f}")
PY
)
  /usr/bin/time -f '%M' -o "$work/peak" "$@" >/dev/null 2>&1
  echo "$times $(tail -1 "$work/peak")"
}

: >"$work/thinkkit"
: >"$work/stdout"
: >"$work/pandoc"
for _ in $(seq 3); do "$bin" render "$plan" --format html >/dev/null; pandoc -s -f markdown -t html --metadata title=Strategy "$work/strategy.md" >/dev/null; done
for i in $(seq "$rounds"); do
  run "$bin" render "$plan" --format html -o "$work/t.html" >>"$work/thinkkit"
  run --stdout "$work/s.html" "$bin" render "$plan" --format html >>"$work/stdout"
  run pandoc -s -f markdown -t html --metadata title=Strategy "$work/strategy.md" -o "$work/p.html" >>"$work/pandoc"
done

summary() {
  # median wall (µs), median CPU (s), max peak (KiB)
  local f=$1
  local wall cpu peak
  wall=$(cut -d' ' -f1 "$f" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(cut -d' ' -f2 "$f" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak=$(cut -d' ' -f3 "$f" | sort -n | tail -1)
  echo "$wall $cpu $peak"
}
read -r tw tc tp <<<"$(summary "$work/thinkkit")"
read -r sw sc sp <<<"$(summary "$work/stdout")"
read -r pw pc pp <<<"$(summary "$work/pandoc")"
echo "rounds: $rounds, interleaved; $(pandoc --version | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'thinkkit render --format html: median %6.1f ms wall, %5.1f ms CPU, peak %6d KiB (%.1f MiB)\n' \
  "$(echo "$tw / 1000" | bc -l)" "$(echo "$tc * 1000" | bc -l)" "$tp" "$(echo "$tp / 1024" | bc -l)"
printf 'thinkkit render to stdout:     median %6.1f ms wall, %5.1f ms CPU, peak %6d KiB (%.1f MiB)\n' \
  "$(echo "$sw / 1000" | bc -l)" "$(echo "$sc * 1000" | bc -l)" "$sp" "$(echo "$sp / 1024" | bc -l)"
printf 'pandoc -s:                     median %6.1f ms wall, %5.1f ms CPU, peak %6d KiB (%.1f MiB)\n' \
  "$(echo "$pw / 1000" | bc -l)" "$(echo "$pc * 1000" | bc -l)" "$pp" "$(echo "$pp / 1024" | bc -l)"
printf 'ratio (pandoc / thinkkit, median wall): %.1fx with -o (durable), %.1fx to stdout\n' \
  "$(echo "$pw / $tw" | bc -l)" "$(echo "$pw / $sw" | bc -l)"
# CPU time moves less with other processes' load than wall time does.
printf 'ratio (pandoc / thinkkit, median CPU): %.1fx with -o, %.1fx to stdout\n' \
  "$(echo "$pc / $tc" | bc -l)" "$(echo "$pc / $sc" | bc -l)"
# Wall-clock ratio round by round, to show the spread.
for series in thinkkit stdout; do
  paste -d' ' "$work/$series" "$work/pandoc" | awk '{print $4 / $1}' | sort -n |
    awk -v s="$series" '{a[NR]=$1} END {printf "wall ratio per round (%s): lowest %.1fx, median %.1fx, highest %.1fx\n", s == "thinkkit" ? "-o" : "stdout", a[1], a[int((NR+1)/2)], a[NR]}'
done
