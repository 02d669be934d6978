#!/usr/bin/env bash
# Runs every benchmark of the workspace on this machine, in one go, and prints the table of
# BENCHMARKS.md: each figure, its goal, and its ratio to that goal (or to its anchor).
#
#   1. client CPU per call and its steps    cargo bench -p dts-client --bench cpu
#   2. loopback, typed client vs raw reqwest cargo bench -p dts-client --bench loopback
#   3. emulator CPU per request, no HTTP     cargo bench -p dts-emulator --bench request
#   4. emulator throughput                  the dts-emulator release binary, loaded from
#                                            another process by the `load` example (reqwest)
#                                            and by the lean `flood` bench (raw HTTP/1.1)
#   5. generator time                       cargo bench -p dts-codegen --bench generate, and
#                                            the dts-codegen release binary under hyperfine
#   6. compile cost and generated lines     scripts/compile-cost.sh (its figures, reused)
#
# Usage: scripts/bench.sh [--quick] [--no-compile-cost]
#   --quick            short runs, to try the script (not for publishing)
#   --no-compile-cost  skip step 6 (several debug builds of dts-client: minutes)
# Environment: BENCH_LOG (logs, default target/bench), EMU_REQUESTS (default 100000),
#              CARGO_TARGET_DIR (where criterion writes target/criterion).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
compile_cost=1
for arg in "$@"; do
    case $arg in
        --quick) quick=1 ;;
        --no-compile-cost) compile_cost=0 ;;
        *) echo "usage: scripts/bench.sh [--quick] [--no-compile-cost]" >&2; exit 2 ;;
    esac
done

target=${CARGO_TARGET_DIR:-target}
log=${BENCH_LOG:-$target/bench}
mkdir -p "$log"
export CARGO_TERM_COLOR=never

if [ "$quick" = 1 ]; then
    crit=(--warm-up-time 0.5 --measurement-time 1)
    loop=(--quick)
    emu_requests=${EMU_REQUESTS:-20000}
else
    crit=()
    loop=()
    emu_requests=${EMU_REQUESTS:-100000}
fi

step() { echo "== $*" >&2; }
load_avg() { cut -d' ' -f1 /proc/loadavg; }
load_start=$(load_avg)

# Median (ns) of a criterion benchmark, from target/criterion/GROUP/NAME/new/estimates.json.
crit_ns() {
    sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' \
        "$target/criterion/$1/new/estimates.json"
}
# The value of a `RESULT key value` line in a log.
result() { awk -v k="$2" '$1 == "RESULT" && $2 == k {print $3}' "$1"; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }

step "1/6 client CPU per call (criterion)"
cargo bench -p dts-client --bench cpu -- "${crit[@]}" >"$log/cpu.txt" 2>&1

step "2/6 loopback: typed client vs raw reqwest"
cargo bench -p dts-client --bench loopback -- "${loop[@]}" >"$log/loopback.txt" 2>&1

step "3/6 emulator CPU per request (criterion)"
cargo bench -p dts-emulator --bench request -- "${crit[@]}" >"$log/emulator-request.txt" 2>&1

step "4/6 emulator throughput: release binary, load from another process"
cargo build -q --release -p dts-emulator --bin dts-emulator --example load
seed="$log/seed.json"
cat >"$seed" <<'EOF'
{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234",
  "kind": "synchronization", "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}
EOF
"$target/release/dts-emulator" --seed "$seed" >"$log/emulator.out" 2>&1 &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    grep -q '^listening on ' "$log/emulator.out" && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$log/emulator.out")
# utime + stime of the emulator process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$emu_pid/stat"; }
hz=$(getconf CLK_TCK)
declare -A emu_rate emu_cpu_us load_cpu_us
# The load generator's own CPU time (user + system seconds), when GNU time is there.
timed() {
    local out=$1
    shift
    if [ -x /usr/bin/time ]; then /usr/bin/time -f '%U %S' -o "$out" "$@"; else "$@"; fi
}
# A warm-up run, then the measured one (the load example's nonces are unique per run). Its CPU
# time includes signing every call, which it does before its clock starts.
for c in 64 256; do
    "$target/release/examples/load" --url "$url" --requests 2000 --concurrency "$c" >/dev/null
    t0=$(cpu_ticks)
    timed "$log/load-cpu-c$c.txt" \
        "$target/release/examples/load" --url "$url" --requests "$emu_requests" --concurrency "$c" \
        >"$log/emulator-load-c$c.txt"
    t1=$(cpu_ticks)
    emu_rate[$c]=$(sed -nE 's/.*: ([0-9]+) requests\/s$/\1/p' "$log/emulator-load-c$c.txt")
    emu_cpu_us[$c]=$(calc "%.1f" "($t1 - $t0) / $hz / $emu_requests * 1e6")
    load_cpu_us[$c]=$(awk -v n="$emu_requests" '{printf "%.1f", ($1 + $2) / n * 1e6}' \
        "$log/load-cpu-c$c.txt" 2>/dev/null || echo "n/a")
done
# The same server under the lean generator: calls signed beforehand, raw HTTP/1.1.
cargo bench -q -p dts-emulator --bench flood --no-run >/dev/null 2>&1
declare -A flood_rate flood_cpu_us
for c in 64 256; do
    t0=$(cpu_ticks)
    cargo bench -q -p dts-emulator --bench flood -- --url "$url" --requests "$emu_requests" \
        --concurrency "$c" >"$log/emulator-flood-c$c.txt" 2>&1
    t1=$(cpu_ticks)
    flood_rate[$c]=$(result "$log/emulator-flood-c$c.txt" "flood_c${c}_rate")
    flood_cpu_us[$c]=$(calc "%.1f" "($t1 - $t0) / $hz / $emu_requests * 1e6")
done
kill "$emu_pid"
wait "$emu_pid" 2>/dev/null || true
trap - EXIT

step "5/6 generator time (criterion, hyperfine)"
cargo bench -p dts-codegen --bench generate -- "${crit[@]}" >"$log/codegen.txt" 2>&1
cargo build -q --release -p dts-codegen
actions=$(find dts-spec/specs/actions -name '*.json' | wc -l)
gen_cmd="$target/release/dts-codegen generate dts-spec/specs -o /dev/null"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs "$([ "$quick" = 1 ] && echo 5 || echo 30)" \
        --export-csv "$log/codegen-bin.csv" "$gen_cmd" >"$log/codegen-bin.txt" 2>&1
    gen_bin_ms=$(awk -F, 'NR == 2 {printf "%.1f", $4 * 1000}' "$log/codegen-bin.csv")
else
    times=()
    for _ in $(seq 20); do
        s=$(date +%s%N); $gen_cmd; e=$(date +%s%N)
        times+=($(((e - s) / 1000)))
    done
    gen_bin_ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR]=$1} END {printf "%.1f", v[int((NR+1)/2)]/1000}')
fi

compile_ms="n/a" compile_cpu_ms="n/a" lines_per_action="n/a" lines_full="n/a" cc_gen_ms="n/a"
if [ "$compile_cost" = 1 ] && [ -x scripts/compile-cost.sh ]; then
    step "6/6 compile cost (scripts/compile-cost.sh)"
    scripts/compile-cost.sh >"$log/compile-cost.txt" 2>"$log/compile-cost.err"
    compile_ms=$(sed -nE 's/^marginal build time per action: (-?[0-9.]+) ms.*/\1/p' "$log/compile-cost.txt")
    compile_cpu_ms=$(sed -nE 's/^marginal build time per action: .*, (-?[0-9.]+) ms cpu.*/\1/p' "$log/compile-cost.txt")
    lines_per_action=$(sed -nE 's/^generated code lines.*: ([0-9]+) for the seeds.*/\1/p' "$log/compile-cost.txt")
    lines_full=$(sed -nE 's/^generated code lines.*, ([0-9]+) over the full spec.*/\1/p' "$log/compile-cost.txt")
    cc_gen_ms=$(sed -nE 's/^dts-codegen generate on the full spec.*: ([0-9.]+) ms.*/\1/p' "$log/compile-cost.txt")
else
    step "6/6 compile cost: skipped"
fi
load_end=$(load_avg)

us() { calc "%.2f" "$(crit_ns "$1") / 1000"; }
ms() { calc "%.1f" "$(crit_ns "$1") / 1e6"; }
per_call_upper=$(us per_call/build_sign_encode_decode)
per_call=$(calc "%.2f" "($(crit_ns per_call/build_sign_encode_decode) - $(crit_ns request/presign_display_copy)) / 1000")
c1_ratio=$(result "$log/loopback.txt" loopback_c1_ratio)
c64_ratio=$(result "$log/loopback.txt" loopback_c64_ratio)
gen_ms=$(ms codegen/generate)
ratio() { [ "$1" = "n/a" ] && echo "n/a" || calc "%.2f" "$1 / $2"; }

cat <<EOF

machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
load average (1 min): $load_start at start, $load_end at end; spec: $actions actions

| measure | figure | goal | figure / goal |
|---|---|---|---|
| client CPU per call: build + sign + encode + decode (one pass of the steps, less \`presign\`'s display copy) | $per_call µs | ≤ 5 µs | $(ratio "$per_call" 5) |
|   the same with the display copy (upper bound) | $per_call_upper µs | | |
|   build (typed builder + parameters) | $(us request/build_params) µs | | |
|   sign + encode + URL (\`presign\`) | $(us request/presign) µs | | |
|   decode small body (typed) | $(us decode/small_typed) µs | | |
|   typed call minus raw call, concurrency 1 (loopback) | $(result "$log/loopback.txt" loopback_c1_extra_us) µs | | |
| signature V1, 11 pairs (\`signing::v1::sign\`) | $(us sign_v1/typical_11_pairs) µs | | |
| percent-encode a 104-byte JSON value | $(calc "%.0f" "$(crit_ns percent_encode/json_value_104B)") ns | | |
| decode \`DescribeDtsJobs\` listing 100 nested jobs, typed ($(calc "%.0f" "$(result "$log/cpu.txt" decode_large_body_bytes) / 1024") KiB) | $(ms decode/large_100_jobs_typed) ms (JSON parse alone $(ms decode/large_parse_only) ms) | | |
| loopback calls/s, concurrency 1: typed / raw reqwest | $(result "$log/loopback.txt" loopback_c1_typed) / $(result "$log/loopback.txt" loopback_c1_raw) = $c1_ratio | ≥ 0.90 | $(ratio "$c1_ratio" 0.90) |
| loopback calls/s, concurrency 64: typed / raw reqwest | $(result "$log/loopback.txt" loopback_c64_typed) / $(result "$log/loopback.txt" loopback_c64_raw) = $c64_ratio | ≥ 0.90 | $(ratio "$c64_ratio" 0.90) |
| emulator requests/s, 64 clients, \`load\` example (reqwest, calls signed before the clock, same 2 cores) | ${emu_rate[64]} | ≥ 20,000 | $(ratio "${emu_rate[64]}" 20000) |
| emulator requests/s, 256 clients, \`load\` example | ${emu_rate[256]} | ≥ 20,000 | $(ratio "${emu_rate[256]}" 20000) |
| emulator requests/s, 64 / 256 connections, lean pre-signed generator (\`flood\` bench) | ${flood_rate[64]} / ${flood_rate[256]} | ≥ 20,000 | $(ratio "${flood_rate[64]}" 20000) / $(ratio "${flood_rate[256]}" 20000) |
|   emulator CPU per request under it, 64 / 256 connections | ${flood_cpu_us[64]} / ${flood_cpu_us[256]} µs | | |
|   emulator CPU per request, 64 / 256 clients (\`load\`) | ${emu_cpu_us[64]} / ${emu_cpu_us[256]} µs | | |
|   \`load\` generator CPU per request, signing included, 64 / 256 clients | ${load_cpu_us[64]} / ${load_cpu_us[256]} µs | | |
|   emulator capacity on 2 dedicated cores (2 s / CPU per request, 64 clients) | $(calc "%.0f" "2e6 / ${emu_cpu_us[64]}") | ≥ 20,000 | $(calc "%.2f" "2e6 / ${emu_cpu_us[64]} / 20000") |
|   parse + verify V1 + answer, no HTTP (criterion) | $(us emulator/parse_params) + $(us emulator/verify_v1) + $(us emulator/answer) µs | | |
| \`dts_codegen::generate\`, $actions actions (criterion) | $gen_ms ms | ≤ 300 ms | $(ratio "$gen_ms" 300) |
| \`dts-codegen generate\` release binary, $actions actions (hyperfine median) | $gen_bin_ms ms | ≤ 300 ms | $(ratio "$gen_bin_ms" 300) |
|   the same, timed by scripts/compile-cost.sh (median of 5) | $cc_gen_ms ms | ≤ 300 ms | $(ratio "$cc_gen_ms" 300) |
| marginal debug compile per action, wall (scripts/compile-cost.sh) | $compile_ms ms | ≤ 40 ms | $(ratio "$compile_ms" 40) |
|   the same in CPU time (build script and rustc threads added up) | $compile_cpu_ms ms | | |
| generated lines per action module, no docs or blanks: seed actions (scripts/compile-cost.sh) | $lines_per_action | ≤ 120 | $(ratio "$lines_per_action" 120) |
|   the same over the full spec (its actions have more parameters and nested responses) | $lines_full | | |

logs: $log/
EOF
