#!/usr/bin/env bash
# Runs every importer's libFuzzer target for a while, seeded with the real samples.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60; CI uses a short run)
# Builds the `asan` preset (clang, ASan+UBSan, libFuzzer) first. Crashes are written to
# build/asan/fuzz-crashes/<format>/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shared=${CLOUDCOST_SHARED_DATA:-../shared/data}
cmake --preset asan >/dev/null
cmake --build --preset asan
declare -A seeds=(
    [aws-offer-json]="aws/offer-file-json"
    [aws-offer-csv]="aws/price-list-csv"
    [aws-getproducts]="aws/pricing-api-getproducts"
    [aws-savings-plan-csv]="aws/savings-plans"
    [aws-instance-types]="aws/describe-instance-types"
    [aws-spot-price-history]="aws/spot-price-history"
    [aws-spot-advisor]="aws/spot-advisor"
    [ec2instances-info]="multicloud/ec2instances-info"
    [azure-retail-prices]="azure"
    [gcp-billing-skus]="gcp/cloudbilling-skus"
    [gcp-machine-types]="gcp/compute-machine-types"
    [alibaba-describe-price]="alibaba"
    [alibaba-spot-price-history]="alibaba"
    [alibaba-spot-advice]="alibaba"
    [alibaba-instance-types]="alibaba"
    [skypilot-vms-csv]="multicloud/skypilot-format"
    [cloudcost-pricebook-csv]="../../project/examples"
)
failed=0
for format in "${!seeds[@]}"; do
    bin=build/asan/fuzz/fuzz_$format
    [ -x "$bin" ] || { echo "fuzz: no target for $format"; failed=1; continue; }
    corpus=build/asan/fuzz-corpus/$format
    crashes=build/asan/fuzz-crashes/$format
    mkdir -p "$corpus" "$crashes"
    seeddir=$shared/${seeds[$format]}
    [ "$format" = cloudcost-pricebook-csv ] && seeddir=examples
    # Small seeds only: libFuzzer's default -max_len keeps inputs short anyway.
    find "$seeddir" -maxdepth 1 -type f -size -200k \( -name '*.json' -o -name '*.csv' \) \
        -exec cp -n {} "$corpus/" \; 2>/dev/null || true
    echo "fuzz: $format for ${seconds}s"
    if ! ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$seconds" -max_len=65536 \
        -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$crashes/" -print_final_stats=0 \
        "$corpus" >"build/asan/fuzz-$format.log" 2>&1; then
        echo "fuzz: $format FAILED; see build/asan/fuzz-$format.log and $crashes"
        tail -n 30 "build/asan/fuzz-$format.log"
        failed=1
    fi
done
exit $failed
