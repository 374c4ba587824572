#!/usr/bin/env bash
# Whole-process search time of `scopex search` against `fzf --filter` and `sk --filter`
# on the same items, and scopex's peak memory, on synthetic catalogs of 10k and 100k
# scopes (`scopex generate`).
#
# Usage: scripts/compare-search.sh [--install] [--runs N] [--sizes "10000 100000"]
#                                  [--queries "p|pho|..."] [--seed S] [--keep DIR]
#   --install  install what is missing first: hyperfine and fzf (apt-get), then skim
#              (`cargo install skim --locked`, given 15 minutes; skipped if it fails)
#   --runs     timed runs of each command (default 20, after 3 warm-up runs)
#   --keep     write the catalogs, items and hyperfine exports to DIR and keep them
#
# Each catalog's items are written one a line, "name description", exactly the scopes
# and descriptions scopex searches. Medians are in milliseconds; a ratio below 1 means
# scopex is faster. The tools differ in what counts as a match (fzf and skim match the
# query against the whole line; scopex matches each word against the name or the
# description), so the match counts are shown too.
set -euo pipefail

cd "$(dirname "$0")/.."

runs=20
sizes="10000 100000"
queries="p|pho|phonelines|greet|voice greet|sms write"
seed=0
keep=""
install=false
while [ $# -gt 0 ]; do
    case "$1" in
        --install) install=true ;;
        --runs) runs="$2"; shift ;;
        --sizes) sizes="$2"; shift ;;
        --queries) queries="$2"; shift ;;
        --seed) seed="$2"; shift ;;
        --keep) keep="$2"; shift ;;
        -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if $install; then
    if ! command -v hyperfine >/dev/null || ! command -v fzf >/dev/null; then
        apt-get update -qq && apt-get install -y -qq hyperfine fzf >/dev/null
    fi
    if ! command -v sk >/dev/null; then
        echo "installing skim (cargo install skim --locked; a few minutes)..." >&2
        timeout 900 cargo install skim --locked >/dev/null 2>&1 ||
            echo "skim did not install in 15 minutes; it is skipped" >&2
    fi
fi
for tool in hyperfine fzf; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is needed: apt-get install -y hyperfine fzf (or run with --install)" >&2
        exit 2
    fi
done
have_sk=false
if command -v sk >/dev/null; then
    have_sk=true
else
    echo "note: sk (skim) not found, so skim is skipped; install it with" \
        "'cargo install skim --locked' (or run with --install)" >&2
fi

echo "building scopex (release)..." >&2
cargo build --release --quiet
scopex="$PWD/target/release/scopex"

if [ -n "$keep" ]; then
    work="$keep"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi

median_ms() { # hyperfine CSV export → median in ms, for row $2 (1-based)
    awk -F, -v row="$2" 'NR == row + 1 { printf "%.1f", $4 * 1000 }' "$1"
}

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "tools: $(hyperfine --version), fzf $(fzf --version | cut -d' ' -f1)$($have_sk && echo ", $(sk --version)")"
echo "runs: $runs (medians, ms)"

for size in $sizes; do
    catalog="$work/synth-$size.toml"
    items="$work/items-$size.txt"
    "$scopex" generate --scopes "$size" --seed "$seed" >"$catalog"
    # `list` prints "name<padding>description"; the items keep one space between them.
    "$scopex" list "$catalog" | sed -E 's/^([^ ]+) +/\1 /' >"$items"
    bytes=$(stat -c %s "$catalog")
    echo
    echo "== $size scopes: catalog $((bytes / 1024)) KiB, $(wc -l <"$items") items"
    if $have_sk; then
        printf '%-14s %8s %8s %8s %12s %10s  %s\n' query scopex fzf sk scopex/fzf scopex/sk "matches (scopex/fzf/sk)"
    else
        printf '%-14s %8s %8s %12s  %s\n' query scopex fzf scopex/fzf "matches (scopex/fzf)"
    fi
    IFS='|' read -r -a query_list <<<"$queries"
    n=0
    for query in "${query_list[@]}"; do
        n=$((n + 1))
        csv="$work/hyperfine-$size-$n.csv"
        commands=(
            "'$scopex' search '$catalog' $query"
            "fzf --filter '$query' < '$items'"
        )
        if $have_sk; then
            commands+=("sk --filter '$query' < '$items'")
        fi
        # Exit code 1 means "no match" for all three, so failures are not errors here.
        hyperfine --warmup 3 --runs "$runs" --ignore-failure --style none \
            --export-csv "$csv" "${commands[@]}" >/dev/null
        ours=$(median_ms "$csv" 1)
        fzf_ms=$(median_ms "$csv" 2)
        ours_count=$("$scopex" search "$catalog" $query | wc -l || true)
        fzf_count=$(fzf --filter "$query" <"$items" | wc -l || true)
        if $have_sk; then
            sk_ms=$(median_ms "$csv" 3)
            sk_count=$(sk --filter "$query" <"$items" | wc -l || true)
            printf '%-14s %8s %8s %8s %12s %10s  %s\n' "$query" "$ours" "$fzf_ms" "$sk_ms" \
                "$(awk -v a="$ours" -v b="$fzf_ms" 'BEGIN { printf "%.2f", a / b }')" \
                "$(awk -v a="$ours" -v b="$sk_ms" 'BEGIN { printf "%.2f", a / b }')" \
                "$ours_count/$fzf_count/$sk_count"
        else
            printf '%-14s %8s %8s %12s  %s\n' "$query" "$ours" "$fzf_ms" \
                "$(awk -v a="$ours" -v b="$fzf_ms" 'BEGIN { printf "%.2f", a / b }')" \
                "$ours_count/$fzf_count"
        fi
    done
    # Peak memory of the biggest search (the first query matches the most).
    first_query="${query_list[0]}"
    peak_kib=$(/usr/bin/time -f '%M' "$scopex" search "$catalog" $first_query 2>&1 >/dev/null | tail -1)
    budget_kib=$((3 * bytes / 1024 + 20 * 1024))
    verdict=$([ "$peak_kib" -lt "$budget_kib" ] && echo "within" || echo "OVER")
    echo "peak RSS of 'scopex search ... $first_query': $((peak_kib / 1024)) MiB;" \
        "budget 3 x file + 20 MiB = $((budget_kib / 1024)) MiB: $verdict"
done
