#!/usr/bin/env bash
# Whole-process search time of `scopex search` against `fzf --filter` and `sk --filter`
# on the same items, and scopex's peak memory, on synthetic catalogs of 25k and 100k
# scopes (`scopex-synth`, the workspace's catalog generator) and on real catalogs.
#
# scopex is timed twice: warm (its compiled-catalog cache holds the catalog, the usual
# case from the second run on) and cold (a cache folder emptied before every run, so
# each run parses the file and writes the cache: a first run).
#
# Usage: scripts/compare-search.sh [--install] [--runs N] [--sizes "25000 100000"]
#                                  [--queries "p|pho|..."] [--seed S] [--keep DIR]
#                                  [--catalogs "catalogs/google.toml ..."]
#                                  [--real-queries "drive|gmail send|..."] [--scopex PATH]
#   --install  install what is missing first: fzf (apt-get), then skim
#              (`cargo install skim --locked`, given 15 minutes; skipped if it fails)
#   --runs     timed runs of each command (default 20, after 3 warm-up runs)
#   --keep     write the catalogs and items to DIR and keep them
#   --scopex   the scopex binary to time (default: build the release one)
#   --catalogs real catalogs, searched with --real-queries: built-in ids or files
#              (default: the built-ins google and msgraph, and Google's file as a
#              user's own; "" for none)
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
sizes="25000 100000"
queries="p|pho|phonelines|greet|voice greet|sms write|zzqxj|calls:read"
catalogs="google msgraph catalogs/google.toml"
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
if ! command -v sk >/dev/null && [ -x /opt/skim/bin/sk ]; then
    PATH="$PATH:/opt/skim/bin"
fi
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
# The warm runs' cache, and the cold runs' (emptied before each).
warm_cache="$work/cache-warm"
cold_cache="$work/cache-cold"
# No user catalogs, unless a section below adds some.
export SCOPEX_CONFIG_DIR="$work/config"


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
            case "$catalog" in */*) size="$size (file)" ;; esac
            target_queries="$real_queries"
            ;;
    esac
    items="$work/items-${size%% *}.txt"
    # `list` prints "name<padding>description"; the items keep one space between them.
    "$scopex" list "$catalog" | sed -E 's/^([^ ]+) +/\1 /' >"$items"
    if [ -f "$catalog" ]; then
        bytes=$(stat -c %s "$catalog")
    else
        bytes=$(stat -c %s "catalogs/$catalog.toml")
    fi
    echo
    echo "== $size: catalog $((bytes / 1024)) KiB, $(wc -l <"$items") items"
    printf '%-14s %8s %8s %8s %8s %9s %9s %9s  %s\n' query warm cold fzf sk \
        warm/fzf cold/fzf warm/sk "matches (scopex/fzf/sk)"
    IFS='|' read -r -a query_list <<<"$target_queries"
    for query in "${query_list[@]}"; do
        commands=(
            "SCOPEX_CACHE_DIR='$warm_cache' '$scopex' search '$catalog' $query"
            "rm -rf '$cold_cache'; SCOPEX_CACHE_DIR='$cold_cache' '$scopex' search '$catalog' $query"
            "fzf --filter '$query' < '$items'"
        )
        if $have_sk; then
            commands+=("sk --filter '$query' < '$items'")
        fi
        # Interleaved rounds (warm, cold, fzf, sk, warm, ...), medians in ms. Exit code 1
        # means "no match" for all of them, so failures are not errors here.
        mapfile -t medians < <(python3 scripts/interleave.py "$runs" 3 "${commands[@]}")
        warm=${medians[0]}
        cold=${medians[1]}
        fzf_ms=${medians[2]}
        sk_ms=${medians[3]:-}
        ratio() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo -; }
        ours_count=$("$scopex" search "$catalog" $query | wc -l || true)
        fzf_count=$(fzf --filter "$query" <"$items" | wc -l || true)
        sk_count=-
        if $have_sk; then
            sk_count=$(sk --filter "$query" <"$items" | wc -l || true)
        fi
        printf '%-14s %8s %8s %8s %8s %9s %9s %9s  %s\n' "$query" "$warm" "$cold" \
            "$fzf_ms" "${sk_ms:--}" "$(ratio "$warm" "$fzf_ms")" "$(ratio "$cold" "$fzf_ms")" \
            "$(ratio "$warm" "$sk_ms")" "$ours_count/$fzf_count/$sk_count"
    done
    # Peak memory of the biggest search (the first query matches the most).
    first_query="${query_list[0]}"
    peak_kib=$(SCOPEX_CACHE_DIR="$warm_cache" /usr/bin/time -f '%M' "$scopex" search "$catalog" $first_query 2>&1 >/dev/null | tail -1)
    budget_kib=$((3 * bytes / 1024 + 20 * 1024))
    verdict=$([ "$peak_kib" -lt "$budget_kib" ] && echo "within" || echo "OVER")
    echo "peak RSS of 'scopex search ... $first_query': $((peak_kib / 1024)) MiB;" \
        "budget 3 x file + 20 MiB = $((budget_kib / 1024)) MiB: $verdict"
done

# A built-in found by id while the user's catalog folder holds a large catalog: only the
# top of each user file is read to learn its id.
if [ -n "$sizes" ]; then
    size="${sizes##* }"
    mkdir -p "$SCOPEX_CONFIG_DIR/catalogs"
    cp "$work/synth-$size.toml" "$SCOPEX_CONFIG_DIR/catalogs/synth.toml"
    mapfile -t medians < <(python3 scripts/interleave.py "$runs" 3 \
        "SCOPEX_CACHE_DIR='$warm_cache' '$scopex' search github repo" \
        "SCOPEX_CONFIG_DIR='$work/empty' SCOPEX_CACHE_DIR='$warm_cache' '$scopex' search github repo")
    echo
    echo "scopex search github repo, $size-scope user catalog in the config folder:" \
        "${medians[0]} ms; with an empty config folder: ${medians[1]} ms"
fi
