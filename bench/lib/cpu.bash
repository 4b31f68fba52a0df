# cpu.bash: CPU accounting for the benches.
#
# Per controller: utime+stime of a process tree from /proc/PID/stat, which
# for a process covers all of its threads; cutime+cstime add the children it
# has already reaped (notify scripts), and live descendants are summed
# separately, so a child is counted exactly once whether or not it has exited.
#
# Whole machine: /proc/stat deltas. On a machine shared with other work
# these include that work; the benches record the load average beside them.

CPU_HZ=$(getconf CLK_TCK)

# cpu_descendants PID...: the PIDs and all their live descendants.
cpu_descendants() {
    ps -e -o pid=,ppid= | awk -v roots="$*" '
        { parent[$1] = $2 }
        END {
            n = split(roots, r, " ")
            for (i = 1; i <= n; i++) keep[r[i]] = 1
            do {
                grew = 0
                for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grew = 1 }
            } while (grew)
            for (p in keep) print p
        }'
}

# cpu_tree_ticks PID...: clock ticks (CPU_HZ per second) used so far by the
# PIDs and their descendants: utime + stime + cutime + cstime of each.
cpu_tree_ticks() {
    local split
    split=$(cpu_tree_split "$@")
    echo "${split%% *}"
}

# cpu_tree_split PID...: the same as "TOTAL USER SYSTEM" (user = utime +
# cutime, system = stime + cstime; system includes softirq work that ran in
# the task's context, such as a sent frame's trip through veth and bridge).
cpu_tree_split() {
    local pid user=0 sys=0 t
    (($#)) || { echo "0 0 0" && return; }
    for pid in $(cpu_descendants "$@"); do
        # Fields after the ")" of comm: utime is field 14 overall, the 12th here.
        t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $14, $13 + $15 }')
        [[ -n $t ]] || continue
        user=$((user + ${t% *})) sys=$((sys + ${t#* }))
    done
    echo "$((user + sys)) $user $sys"
}

# cpu_stat_snapshot: the machine's "cpu" line of /proc/stat, as
# "now_ns user nice system idle iowait irq softirq steal".
cpu_stat_snapshot() {
    local now
    now=$(date +%s%N)
    awk -v now="$now" '$1 == "cpu" { print now, $2, $3, $4, $5, $6, $7, $8, $9; exit }' /proc/stat
}

# cpu_stat_json BEFORE AFTER: whole-machine use between two snapshots, as
# JSON: seconds of each kind and the average number of cores busy.
cpu_stat_json() {
    awk -v hz="$CPU_HZ" -v a="$1" -v b="$2" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        wall = (y[1] - x[1]) / 1e9
        for (i = 2; i <= 9; i++) d[i] = (y[i] - x[i]) / hz
        busy = d[2] + d[3] + d[4] + d[7] + d[8]  # steal is not ours
        kern = d[4] + d[7] + d[8]
        printf "{\"wall_s\":%.3f,\"busy_s\":%.3f,\"user_s\":%.3f,\"system_s\":%.3f,\"softirq_s\":%.3f,\"irq_s\":%.3f,\"kernel_s\":%.3f,\"steal_s\":%.3f,\"busy_cores\":%.4f,\"kernel_cores\":%.4f,\"softirq_cores\":%.4f}\n",
            wall, busy, d[2] + d[3], d[4], d[8], d[7], kern, d[9], busy / wall, kern / wall, d[8] / wall
    }'
}

# cpu_proc_json BEFORE AFTER WALL_S: a controller's use as JSON, from two
# cpu_tree_split (or cpu_tree_ticks: total only) readings.
cpu_proc_json() {
    awk -v hz="$CPU_HZ" -v a="$1" -v b="$2" -v w="$3" 'BEGIN {
        n = split(a, x, " "); split(b, y, " ")
        s = (y[1] - x[1]) / hz
        printf "{\"cpu_s\":%.3f,\"cores\":%.4f", s, (w > 0 ? s / w : 0)
        if (n == 3)
            printf ",\"user_s\":%.3f,\"system_s\":%.3f", (y[2] - x[2]) / hz, (y[3] - x[3]) / hz
        printf "}\n"
    }'
}

# cpu_runtime_ns PID...: nanoseconds on CPU of every thread of the PIDs and
# their live descendants (/proc/PID/task/TID/schedstat, first field: the
# scheduler's exact sum_exec_runtime, not ticks). Kernel threads (a threaded
# NAPI poller) count like any task: work done in them is charged to them.
cpu_runtime_ns() {
    (($#)) || { echo 0 && return; }
    local pid total=0 ns
    for pid in $(cpu_descendants "$@"); do
        ns=$(cat /proc/"$pid"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }')
        total=$((total + ns))
    done
    echo "$total"
}
