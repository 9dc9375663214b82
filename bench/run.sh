#!/usr/bin/env bash
# Whole-process benchmarks of the catalog (docs/PERFORMANCE.md). Every figure is reported beside a
# baseline run in the same session on the same input, as a ratio, with peak RSS.
# Usage: bench/run.sh [BUILD_DIR] [MIB] [OFFERS]   defaults: build/release 1024 5000000
# Needs GNU time (/usr/bin/time); python3 is used as a baseline when present.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
mib=${2:-1024}
offers=${3:-5000000}
work=${CLOUDCOST_BENCH_DIR:-/tmp/cloudcost-bench}
cli=$build/app/cli/cloudcost
tools=$build/bench/cloudcost-bench-tools
mkdir -p "$work"
[ -x "$cli" ] && [ -x "$tools" ] || { echo "build $build first (cmake --preset release && cmake --build --preset release)"; exit 1; }

measure() { # label, command...: prints "label seconds peak_kib"
    local label=$1; shift
    local t
    t=$(mktemp)
    /usr/bin/time -o "$t" -f "%e %M" "$@" >/dev/null 2>&1 || true
    echo "$label $(tail -n 1 "$t")"
    rm -f "$t"
}
row() { # label seconds kib baseline_seconds bytes
    awk -v l="$1" -v s="$2" -v k="$3" -v b="$4" -v n="$5" 'BEGIN {
        mbs = (n > 0 && s > 0) ? sprintf("%.0f", n / 1048576 / s) : "-";
        ratio = (b > 0) ? sprintf("%.2f", s / b) : "-";
        printf("| %s | %.2f s | %s MB/s | %d MB | %s |\n", l, s, mbs, k / 1024, ratio) }'
}

if [ "${CLOUDCOST_BENCH_SKIP_IMPORT:-0}" != 1 ]; then
json=$work/aws-ec2-${mib}mib.json
[ -f "$json" ] || "$tools" gen-aws "$json" "$mib"
bytes=$(stat -c %s "$json")
echo "## Import of a ${mib} MiB AWS EC2 offer file ($(nproc) cores, $(date -u +%F))"
echo
echo "| what | time | throughput | peak RSS | ratio to cat |"
echo "|---|---|---|---|---|"
read -r _ cat_s cat_k < <(measure cat cat "$json")
row "cat (read floor, baseline)" "$cat_s" "$cat_k" "$cat_s" "$bytes"
read -r _ sax_s sax_k < <(measure sax "$tools" sax "$json")
row "nlohmann SAX parse, nothing stored" "$sax_s" "$sax_k" "$cat_s" "$bytes"
if command -v python3 >/dev/null && [ "${CLOUDCOST_BENCH_PYTHON:-1}" = 1 ]; then
    read -r _ py_s py_k < <(measure py python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$json")
    row "python3 json.load" "$py_s" "$py_k" "$cat_s" "$bytes"
fi
rm -f "$work/import.db" "$work/import.db-wal" "$work/import.db-shm"
"$cli" --db "$work/import.db" sources >/dev/null 2>&1 # creates it with the built-in catalog
read -r _ imp_s imp_k < <(measure import "$cli" --db "$work/import.db" import "$json")
row "**cloudcost import** (parse + SHA-256 + SQLite, WAL, synchronous=FULL)" "$imp_s" "$imp_k" "$cat_s" "$bytes"
fi

echo
book=$work/pricebook-${offers}
db=$work/big-${offers}.db
[ -f "$book-00.csv" ] || "$tools" gen-pricebook "$book" "$offers"
if [ ! -f "$db" ]; then
    "$cli" --db "$db" sources >/dev/null 2>&1
    read -r _ big_s big_k < <(measure bigimport "$cli" --db "$db" import "$book"-*.csv)
    n=$("$cli" --db "$db" --format json sources | python3 -c "import json,sys; print(sum(s['offers'] for s in json.load(sys.stdin)))")
    [ "$n" -ge "$offers" ] || { echo "the big workspace has only $n offers: the import failed"; exit 1; }
else
    big_s=0; big_k=0
fi
echo "## Queries over a workspace of $offers offers"
echo
echo "| query | time | peak RSS | ratio to process start |"
echo "|---|---|---|---|"
read -r _ start_s start_k < <(measure start "$cli" --version)
q() {
    local label=$1; shift
    read -r _ s k < <(measure q "$cli" --db "$db" "$@")
    awk -v l="$label" -v s="$s" -v k="$k" -v b="$start_s" 'BEGIN {
        printf("| `%s` | %.3f s | %d MB | %s |\n", l, s, k / 1024, b > 0 ? sprintf("%.1f", s / b) : "-") }'
}
awk -v s="$start_s" -v k="$start_k" 'BEGIN { printf("| `cloudcost --version` (baseline) | %.3f s | %d MB | 1.0 |\n", s, k / 1024) }'
q "offers --limit 20" offers --limit 20
q "offers --min-vcpus 8 --min-memory-gib 32 --limit 20" offers --min-vcpus 8 --min-memory-gib 32 --limit 20
q "offers --provider gcp --region region-07 --sort per-vcpu --limit 20" offers --provider gcp --region region-07 --sort per-vcpu --limit 20
q "offers --instance-type mem4200.16x --limit 50" offers --instance-type mem4200.16x --limit 50
q "offers --arch arm64 --purchase-option spot --max-hourly 0.1 --limit 20" offers --arch arm64 --purchase-option spot --max-hourly 0.1 --limit 20
q "compare --vcpus 8 --memory-gib 32" compare --vcpus 8 --memory-gib 32
if [ "$big_s" != 0 ]; then
    echo
    echo "Building that workspace: import of $(cat "$book"-*.csv | wc -c | awk '{printf "%.0f", $1/1048576}') MiB of price-book CSV ($offers rows) took ${big_s} s, peak RSS $((big_k / 1024)) MB."
fi
