#!/usr/bin/env bash
# Whole-process search time of `scopex search` against `fzf --filter` and `sk --filter`
# on the same items, and scopex's peak memory, on synthetic catalogs of 10k and 100k
# scopes (`scopex-synth`, the workspace's catalog generator) and on real catalog files.
#
# Usage: scripts/compare-search.sh [--install] [--runs N] [--sizes "10000 100000"]
#                                  [--queries "p|pho|..."] [--seed S] [--keep DIR]
#                                  [--catalogs "catalogs/google.toml ..."]
#                                  [--real-queries "drive|gmail send|..."] [--scopex PATH]
#   --install  install what is missing first: fzf (apt-get), then skim
#              (`cargo install skim --locked`, given 15 minutes; skipped if it fails)
#   --runs     timed runs of each command (default 20, after 3 warm-up runs)
#   --keep     write the catalogs and items to DIR and keep them
#   --scopex   the scopex binary to time (default: build the release one)
#   --catalogs real catalog files, searched with --real-queries (default: Google's and
#              Microsoft Graph's; "" for none)
#
# The queries are of every class: one letter, short, a selective long word, several
# words, no match, and a namespaced name (separator included).
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
queries="p|pho|phonelines|greet|voice greet|sms write|zzqxj|calls:read"
catalogs="catalogs/google.toml catalogs/msgraph.toml"
real_queries="d|drv|spreadsheets|gmail send|user read all|zzqxj|drive.readonly|Mail.ReadWrite"
seed=0
keep=""
install=false
scopex=""
while [ $# -gt 0 ]; do
    case "$1" in
        --install) install=true ;;
        --runs) runs="$2"; shift ;;
        --sizes) sizes="$2"; shift ;;
        --queries) queries="$2"; shift ;;
        --seed) seed="$2"; shift ;;
        --keep) keep="$2"; shift ;;
        --catalogs) catalogs="$2"; shift ;;
        --scopex) scopex="$2"; shift ;;
        --real-queries) real_queries="$2"; shift ;;
        -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if $install; then
    if ! command -v fzf >/dev/null; then
        apt-get update -qq && apt-get install -y -qq fzf >/dev/null
    fi
    if ! command -v sk >/dev/null; then
        echo "installing skim (cargo install skim --locked; a few minutes)..." >&2
        timeout 900 cargo install skim --locked >/dev/null 2>&1 ||
            echo "skim did not install in 15 minutes; it is skipped" >&2
    fi
fi
for tool in python3 fzf; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is needed (fzf: apt-get install -y fzf, or run with --install)" >&2
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

if [ -z "$scopex" ]; then
    echo "building scopex (release)..." >&2
    cargo build --release --quiet --package scopex
    scopex="$PWD/target/release/scopex"
fi
echo "building scopex-synth (release)..." >&2
cargo build --release --quiet --package scopex-synth
synth="$PWD/target/release/scopex-synth"

if [ -n "$keep" ]; then
    work="$keep"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi


echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine)"
echo "tools: fzf $(fzf --version | cut -d' ' -f1)$($have_sk && echo ", $(sk --version)")"
echo "runs: $runs interleaved rounds after 3 warm-up rounds (medians, ms)"

targets=()
for size in $sizes; do targets+=("synth:$size"); done
for file in $catalogs; do targets+=("file:$file"); done
for target in "${targets[@]}"; do
    case "$target" in
        synth:*)
            size="${target#synth:}"
            catalog="$work/synth-$size.toml"
            "$synth" --scopes "$size" --seed "$seed" >"$catalog"
            target_queries="$queries"
            ;;
        file:*)
            catalog="${target#file:}"
            size="$(basename "$catalog" .toml)"
            target_queries="$real_queries"
            ;;
    esac
    items="$work/items-$size.txt"
    # `list` prints "name<padding>description"; the items keep one space between them.
    "$scopex" list "$catalog" | sed -E 's/^([^ ]+) +/\1 /' >"$items"
    bytes=$(stat -c %s "$catalog")
    echo
    echo "== $size: catalog $((bytes / 1024)) KiB, $(wc -l <"$items") items"
    if $have_sk; then
        printf '%-14s %8s %8s %8s %12s %10s  %s\n' query scopex fzf sk scopex/fzf scopex/sk "matches (scopex/fzf/sk)"
    else
        printf '%-14s %8s %8s %12s  %s\n' query scopex fzf scopex/fzf "matches (scopex/fzf)"
    fi
    IFS='|' read -r -a query_list <<<"$target_queries"
    for query in "${query_list[@]}"; do
        commands=(
            "'$scopex' search '$catalog' $query"
            "fzf --filter '$query' < '$items'"
        )
        if $have_sk; then
            commands+=("sk --filter '$query' < '$items'")
        fi
        # Interleaved rounds (scopex, fzf, sk, scopex, ...), medians in ms. Exit code 1
        # means "no match" for all three, so failures are not errors here.
        mapfile -t medians < <(python3 scripts/interleave.py "$runs" 3 "${commands[@]}")
        ours=${medians[0]}
        fzf_ms=${medians[1]}
        ours_count=$("$scopex" search "$catalog" $query | wc -l || true)
        fzf_count=$(fzf --filter "$query" <"$items" | wc -l || true)
        if $have_sk; then
            sk_ms=${medians[2]}
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
