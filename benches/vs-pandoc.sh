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
#   benches/vs-pandoc.sh [ROUNDS]        (default 40 rounds; needs pandoc and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-40}
command -v pandoc >/dev/null || { echo "pandoc is not installed (apt-get install pandoc)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 1; }
cargo build --release --locked --quiet
bin=target/release/thinkkit
plan=examples/riverside-homes.plan.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" render "$plan" -o "$work/strategy.md"

# One run: "wall-ms cpu-ms peak-KiB".
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1
  read -r wall user sys peak <"$work/t"
  # %e has only centiseconds, so wall time comes from the clock around the run.
  echo "$user $sys $peak"
}
run() {
  local start end
  start=$(date +%s%N)
  local out
  out=$(measure "$@")
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $out"
}

: >"$work/thinkkit"
: >"$work/pandoc"
for _ in $(seq 3); do "$bin" render "$plan" --format html >/dev/null; pandoc -s -f markdown -t html --metadata title=Strategy "$work/strategy.md" >/dev/null; done
for i in $(seq "$rounds"); do
  run "$bin" render "$plan" --format html -o "$work/t.html" >>"$work/thinkkit"
  run pandoc -s -f markdown -t html --metadata title=Strategy "$work/strategy.md" -o "$work/p.html" >>"$work/pandoc"
done

summary() {
  # median wall (µs), median CPU (s), max peak (KiB)
  local f=$1
  local wall cpu peak
  wall=$(cut -d' ' -f1 "$f" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(awk '{print $2 + $3}' "$f" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak=$(cut -d' ' -f4 "$f" | sort -n | tail -1)
  echo "$wall $cpu $peak"
}
read -r tw tc tp <<<"$(summary "$work/thinkkit")"
read -r pw pc pp <<<"$(summary "$work/pandoc")"
echo "rounds: $rounds, interleaved; $(pandoc --version | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'thinkkit render --format html: median %6.1f ms wall, %5.0f ms CPU, peak %6d KiB (%.1f MiB)\n' \
  "$(echo "$tw / 1000" | bc -l)" "$(echo "$tc * 1000" | bc -l)" "$tp" "$(echo "$tp / 1024" | bc -l)"
printf 'pandoc -s:                     median %6.1f ms wall, %5.0f ms CPU, peak %6d KiB (%.1f MiB)\n' \
  "$(echo "$pw / 1000" | bc -l)" "$(echo "$pc * 1000" | bc -l)" "$pp" "$(echo "$pp / 1024" | bc -l)"
printf 'ratio (pandoc / thinkkit, median wall): %.1fx\n' "$(echo "$pw / $tw" | bc -l)"
# CPU time moves less with other processes' load than wall time does (GNU time gives 10 ms steps).
if [ "$(echo "$tc > 0" | bc -l)" = 1 ]; then
  printf 'ratio (pandoc / thinkkit, median CPU): %.1fx\n' "$(echo "$pc / $tc" | bc -l)"
fi
# Ratio round by round, to show the spread.
paste -d' ' "$work/thinkkit" "$work/pandoc" | awk '{print $5 / $1}' | sort -n |
  awk '{a[NR]=$1} END {printf "ratio per round: lowest %.1fx, median %.1fx, highest %.1fx\n", a[1], a[int((NR+1)/2)], a[NR]}'
