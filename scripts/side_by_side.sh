#!/usr/bin/env bash
# The typed client against the official Python SDK for DTS, side by side: both call the same
# emulator over loopback, one client (one keep-alive connection) each, alternating, and each
# reports the CPU time of its own process (user + system) per call. Prints the median of three
# rounds per client and the ratio, for a small answer (ModifyDtsJobName, about 100 bytes) and a
# large one (DescribeDtsJobDetail, about 23 KB).
#
# For the large answer it also times the floor, in the same rounds: the same request signed,
# sent and its body read by `reqwest` with nothing decoded (the driver's `large-floor`). Python's
# CPU per call over the floor's is the best ratio any decoding of that answer could reach here.
#
# Usage: scripts/side_by_side.sh [CALLS]     (calls per client, round and action; default 3000)
# Environment: CARGO_TARGET_DIR (default target): the Python SDK is installed into a venv
#              there (python-sdk, as .ci/run does), with alibabacloud-dts20200101==5.11.7.
#              ROUNDS (default 3).
#              PIN: where the processes run. `none` (default): where the scheduler puts them;
#              `same`: the emulator and the drivers all on CPU 0 (no cross-core wake-ups);
#              `split`: the emulator on CPU 1, the drivers on CPU 0. A client's CPU per call
#              includes the kernel's work to wake the other side, which costs much more when
#              that side sleeps on another, idle core.
set -euo pipefail
cd "$(dirname "$0")/.."

calls=${1:-3000}
rounds=${ROUNDS:-3}
case ${PIN:-none} in
    none) emu_cpu=(); client_cpu=() ;;
    same) emu_cpu=(taskset -c 0); client_cpu=(taskset -c 0) ;;
    split) emu_cpu=(taskset -c 1); client_cpu=(taskset -c 0) ;;
    *) echo "PIN is none, same or split" >&2; exit 2 ;;
esac
target=${CARGO_TARGET_DIR:-target}
id=side-by-side-id
secret=side-by-side-secret
job=l3m1213ye7l1234

echo "== building the emulator and the Rust driver (release)" >&2
cargo build --quiet --release -p dts-emulator --bin dts-emulator
cargo build --quiet --release -p dts-client --example side_by_side
emulator="$target/release/dts-emulator"
rust=("${client_cpu[@]}" "$target/release/examples/side_by_side")

venv="$target/python-sdk"
if [ ! -x "$venv/bin/python" ]; then
    echo "== installing the Python SDK into $venv" >&2
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check 'alibabacloud-dts20200101==5.11.7'
python=("${client_cpu[@]}" "$venv/bin/python" scripts/side_by_side.py)

work=$(mktemp -d)
emu_pid=
cleanup() {
    if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/seed.json" <<JSON
{"jobs": [{"job_id": "$job", "instance_id": "dts$job", "kind": "synchronization",
           "status": "Synchronizing", "topology": "oneway", "region": "cn-hangzhou"}]}
JSON
"${emu_cpu[@]}" "$emulator" --listen 127.0.0.1:0 --credentials "$id:$secret" --seed "$work/seed.json" \
    > "$work/emulator.out" 2> "$work/emulator.err" &
emu_pid=$!
url=
for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$work/emulator.out" | head -1)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "the emulator did not start" >&2; cat "$work/emulator.err" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
     "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), PIN=${PIN:-none}" >&2
echo "== $calls calls per client, round and action; emulator at $url" >&2

# cpu_us_per_call of one run of a driver.
measure() { "$@" | awk '$1 == "cpu_us_per_call" {print $2}'; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

printf '%-22s %8s %14s %14s %8s\n' action round "python us/call" "rust us/call" ratio
for size in small large; do
    : > "$work/py.$size"
    : > "$work/rs.$size"
    for round in $(seq "$rounds"); do
        if [ $((round % 2)) = 1 ]; then
            rs=$(measure "${rust[@]}" "$url" "$id" "$secret" "$job" "$size" "$calls")
            py=$(measure "${python[@]}" "$url" "$id" "$secret" "$job" "$size" "$calls")
        else
            py=$(measure "${python[@]}" "$url" "$id" "$secret" "$job" "$size" "$calls")
            rs=$(measure "${rust[@]}" "$url" "$id" "$secret" "$job" "$size" "$calls")
        fi
        echo "$py" >> "$work/py.$size"
        echo "$rs" >> "$work/rs.$size"
        if [ "$size" = large ]; then
            measure "${rust[@]}" "$url" "$id" "$secret" "$job" large-floor "$calls" >> "$work/floor"
        fi
        name=$([ "$size" = small ] && echo ModifyDtsJobName || echo DescribeDtsJobDetail)
        printf '%-22s %8s %14s %14s %8.2f\n' "$name" "$round" "$py" "$rs" \
            "$(awk "BEGIN {print $py / $rs}")"
    done
    py=$(median < "$work/py.$size")
    rs=$(median < "$work/rs.$size")
    printf '%-22s %8s %14s %14s %8.2f\n' "$name" median "$py" "$rs" "$(awk "BEGIN {print $py / $rs}")"
    echo "RESULT side_by_side_${size} $py $rs $(awk "BEGIN {printf \"%.2f\", $py / $rs}")"
done
floor=$(median < "$work/floor")
printf '%-22s %8s %14s %14s %8.2f\n' "floor (no decoding)" median "$py" "$floor" \
    "$(awk "BEGIN {print $py / $floor}")"
echo "RESULT side_by_side_large_floor $py $floor $(awk "BEGIN {printf \"%.2f\", $py / $floor}")"
