# json.bash: the results files (bench/results/NAME.json), written with jq.
#
# Every file has the same frame:
#   {benchmark, date, quick, host: {...}, parameters: {...}, method: {...},
#    design_anchor: {...}, implementations|runs: {...}, notes: [...]}
# An implementation that was not measured in this run is null with a note
# saying why ("not measured yet: ..."); results from earlier runs are never
# mixed into this one, so the anchor and xvrrp always come from one run.

BENCH_DATE=$(date -u +%FT%TZ)
BENCH_LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# bench_host_json: the machine and its load, as JSON.
bench_host_json() {
    local model mem ka
    model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)
    ka=$(keepalived --version 2>&1 | awk 'NR == 1 { print $2 }')
    jq -n --arg kernel "$(uname -r)" --arg cpus "$(nproc)" --arg model "$model" --arg mem "$mem" \
        --arg l0 "$BENCH_LOAD_START" --arg l1 "$(cut -d' ' -f1-3 /proc/loadavg)" --arg ka "$ka" \
        '{kernel: $kernel, cpus: ($cpus | tonumber), cpu_model: $model, mem_mb: ($mem | tonumber),
          loadavg_at_start: $l0, loadavg_at_end: $l1, keepalived: $ka,
          shared: "2 cores shared with other work; whole-machine figures include it"}'
}

# bench_write_results NAME JSON: RESULTS/NAME.json, atomically; adds the
# frame's common keys (benchmark, date, quick, host) in front of JSON's own.
bench_write_results() {
    local name=$1 body=$2 out=$BENCH_RESULTS/$1.json
    # The body through a file, not argv: one argument is limited to 128 KiB.
    jq -n --arg name "$name" --arg date "$BENCH_DATE" --argjson quick "$BENCH_QUICK" \
        --argjson host "$(bench_host_json)" --slurpfile body <(printf '%s\n' "$body") \
        '{benchmark: $name, date: $date, quick: ($quick == 1),
          noisy: (if $quick == 1 then "quick run: short windows on a shared machine" else null end),
          host: $host} + $body[0]' >"$out.tmp" || fail "cannot write $out"
    mv "$out.tmp" "$out"
    info "wrote $out"
}

# json_stats: reads a JSON array of numbers, prints {n, min, median, max} or null.
json_stats() {
    jq -c 'map(select(. != null)) | sort as $s | ($s | length) as $n
        | if $n == 0 then null else
            {n: $n, min: $s[0], max: $s[$n - 1],
             median: (if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end)}
          end'
}

# json_set VAR PATH VALUE_JSON: VAR = VAR with .PATH set (PATH as jq path expression).
json_set() {
    local -n _doc=$1
    local cur=${_doc:-}
    [[ -n $cur ]] || cur='{}'
    _doc=$(jq -c --argjson v "$3" "$2 = \$v" <<<"$cur") || fail "json_set $2 failed"
}
