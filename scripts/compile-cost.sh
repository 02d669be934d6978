#!/usr/bin/env bash
# What the generated client costs, per action, against the generator's goals:
#
#   - marginal debug-build time of dts-client per action (goal <= 40 ms): the build of
#     `dts-client` (its build script, which generates the client, plus rustc; dependencies
#     cached) against the full spec, minus the same build against the five seed actions,
#     divided by the number of extra actions;
#   - generated lines per seed action, its module including its client method, without doc
#     comments or blank lines (goal <= 120);
#   - `dts-codegen generate` time on the full spec, release build (goal <= 300 ms).
#
# Builds happen in a scratch target directory, so other builds neither block on nor disturb
# them. The two spec directories alternate (through `DTS_SPEC_DIR`, which dts-client's build
# script honours), so every timed build regenerates and recompiles dts-client and nothing
# else. Each figure is the median of RUNS runs; CPU time (user + system) is shown beside wall
# time, as it varies less on a busy machine.
#
# Usage: scripts/compile-cost.sh
# Environment: RUNS (default 3), SPEC_DIR (the full spec, default dts-spec/specs), SCRATCH
# (default $TMPDIR/dts-compile-cost), CARGO_INCREMENTAL (default 0, as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
full=$(cd "${SPEC_DIR:-dts-spec/specs}" && pwd)
scratch=${SCRATCH:-${TMPDIR:-/tmp}/dts-compile-cost}
seeds=(DeleteDtsJob ResetDtsJob ResetSynchronizationJob StartSynchronizationJob SuspendSynchronizationJob)

export CARGO_TARGET_DIR="$scratch/target"
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
export CARGO_TERM_COLOR=never

seed="$scratch/seed-spec"
rm -rf "$seed"
mkdir -p "$seed/actions"
cp "$full/service.json" "$seed/"
for a in "${seeds[@]}"; do
    cp "$full/actions/$a.json" "$seed/actions/"
done
n_full=$(find "$full/actions" -name '*.json' | wc -l)
n_seed=${#seeds[@]}
n_extra=$((n_full - n_seed))

median() { sort -n | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d", m}'; }

# Runs "$@" and prints its wall and CPU time (user + system, children included) in ms.
timed() {
    local t
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
    awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$t"
}

echo "== warming up in $scratch (dependencies of dts-client, debug; dts-codegen, release)" >&2
DTS_SPEC_DIR="$seed" cargo build -q -p dts-client
cargo build -q --release -p dts-codegen

declare -a full_wall full_cpu seed_wall seed_cpu
for i in $(seq "$runs"); do
    read -r w c < <(timed env DTS_SPEC_DIR="$full" cargo build -q -p dts-client)
    full_wall+=("$w") full_cpu+=("$c")
    read -r w c < <(timed env DTS_SPEC_DIR="$seed" cargo build -q -p dts-client)
    seed_wall+=("$w") seed_cpu+=("$c")
    echo "   run $i: full ${full_wall[-1]} ms (cpu ${full_cpu[-1]}), seed ${seed_wall[-1]} ms (cpu ${seed_cpu[-1]})" >&2
done
fw=$(printf '%s\n' "${full_wall[@]}" | median)
fc=$(printf '%s\n' "${full_cpu[@]}" | median)
sw=$(printf '%s\n' "${seed_wall[@]}" | median)
sc=$(printf '%s\n' "${seed_cpu[@]}" | median)
per() { awk -v f="$1" -v s="$2" -v n="$n_extra" 'BEGIN {if (n > 0) printf "%.1f", (f - s) / n; else printf "n/a"}'; }

codegen="$CARGO_TARGET_DIR/release/dts-codegen"
# Code lines (no blank lines, no comments) of each `operation::<action>` module, averaged.
module_lines() {
    awk '/^    pub mod [a-z0-9_]+ \{$/ {m++; inmod = 1; n++; next}
         inmod && /^    \}$/ {inmod = 0; n++; next}
         inmod {t = $0; gsub(/^[ \t]+/, "", t); if (t != "" && substr(t, 1, 2) != "//") n++}
         END {printf "%.0f", (m ? n / m : 0)}'
}
lines_seed=$("$codegen" generate "$seed" | module_lines)
lines_full=$("$codegen" generate "$full" | module_lines)

declare -a gen_wall
for i in $(seq $((runs < 5 ? 5 : runs))); do
    read -r w c < <(timed "$codegen" generate "$full" -o /dev/null)
    gen_wall+=("$w")
done
gw=$(printf '%s\n' "${gen_wall[@]}" | median)

echo "actions: $n_full in the full spec, $n_seed seeds"
echo "debug build of dts-client, median of $runs: full $fw ms (cpu $fc), seeds $sw ms (cpu $sc)"
echo "marginal build time per action: $(per "$fw" "$sw") ms wall, $(per "$fc" "$sc") ms cpu (goal <= 40)"
echo "generated code lines per action module: $lines_seed for the seeds (goal <= 120), $lines_full over the full spec"
echo "dts-codegen generate on the full spec, release, median: $gw ms (goal <= 300)"
