#!/usr/bin/env bash
# Mean reciprocal rank of the scope a person means, for `scopex search`, `fzf --filter`
# and `sk --filter`, over the labelled queries of tests/fixtures/ranking.tsv on the real
# catalogs under catalogs/.
#
# Usage: scripts/ranking.sh [--scopex PATH] [--labels FILE] [--verbose]
#   --scopex   the scopex binary (default: build the release one)
#   --labels   the labelled queries (default tests/fixtures/ranking.tsv)
#   --verbose  one line per query with each tool's rank
#
# Each tool sees the same items, one a line: "name description", the text scopex
# searches. A query's reciprocal rank is 1/position of the meant scope in the tool's
# output, 0 when the tool does not list it; the mean over all queries is reported, with
# how many queries put the meant scope first. Higher is better.
set -euo pipefail
cd "$(dirname "$0")/.."

scopex=""
labels="tests/fixtures/ranking.tsv"
verbose=false
while [ $# -gt 0 ]; do
    case "$1" in
        --scopex) scopex="$2"; shift ;;
        --labels) labels="$2"; shift ;;
        --verbose) verbose=true ;;
        -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$scopex" ]; then
    cargo build --release --quiet
    scopex="$PWD/target/release/scopex"
fi
command -v fzf >/dev/null || { echo "fzf is needed: apt-get install -y fzf" >&2; exit 2; }
tools=(scopex fzf)
if command -v sk >/dev/null; then
    tools+=(sk)
else
    echo "note: sk (skim) not found, skipped; install it with 'cargo install skim --locked'" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# rank NAME < names: the 1-based line of NAME, or 0.
rank() { awk -v want="$1" '$1 == want { print NR; found = 1; exit } END { if (!found) print 0 }'; }

declare -A sum first
for tool in "${tools[@]}"; do sum[$tool]=0; first[$tool]=0; done
count=0
$verbose && printf '%-20s %-28s %-44s %s\n' catalog query meant "$(printf '%7s' "${tools[@]}")"
while IFS=$'\t' read -r catalog query meant; do
    case "$catalog" in '' | '#'*) continue ;; esac
    file="catalogs/$catalog.toml"
    items="$work/$catalog.txt"
    # `list` prints "name<padding>description"; one space between them, as the search sees.
    [ -f "$items" ] || "$scopex" list "$file" | sed -E 's/^([^ ]+) +/\1 /' >"$items"
    ranks=()
    for tool in "${tools[@]}"; do
        case "$tool" in
            scopex) r=$(read -ra words <<<"$query"; "$scopex" search "$file" "${words[@]}" | rank "$meant" || true) ;;
            fzf) r=$(fzf --filter "$query" <"$items" | rank "$meant" || true) ;;
            sk) r=$(sk --filter "$query" <"$items" | rank "$meant" || true) ;;
        esac
        r=${r:-0}
        ranks+=("$r")
        sum[$tool]=$(awk -v s="${sum[$tool]}" -v r="$r" 'BEGIN { print s + (r > 0 ? 1 / r : 0) }')
        [ "$r" = 1 ] && first[$tool]=$((first[$tool] + 1))
    done
    count=$((count + 1))
    $verbose && printf '%-20s %-28s %-44s %s\n' "$catalog" "$query" "${meant#https://www.googleapis.com/auth/}" "$(printf '%7s' "${ranks[@]}")"
done <"$labels"

echo "labelled queries: $count ($labels)"
printf '%-8s %6s %10s\n' tool MRR "first"
for tool in "${tools[@]}"; do
    printf '%-8s %6.3f %6d/%d\n' "$tool" "$(awk -v s="${sum[$tool]}" -v n="$count" 'BEGIN { print s / n }')" "${first[$tool]}" "$count"
done
