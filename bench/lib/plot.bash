# plot.bash: PNG plots with gnuplot (gnuplot-nox: the pngcairo terminal).
#
#   bench_plot OUT.png WIDTH HEIGHT <<'EOF'
#   set title "..."
#   plot "data.tsv" using 1:2 with linespoints title "x"
#   EOF
# The terminal and output lines are added; gnuplot's errors go to
# $LAB_TMP/gnuplot.log. A plot that fails is reported, not fatal: the
# measurement is in the JSON either way.

bench_plot() {
    local out=$1 w=${2:-1000} h=${3:-500}
    {
        echo "set terminal pngcairo size $w,$h font \",10\" noenhanced"
        echo "set output \"$out.tmp\""
        echo "set grid lc rgb \"#dddddd\""
        echo "set key top left"
        cat
        echo "unset output"
    } >"$LAB_TMP/plot.gp"
    if gnuplot "$LAB_TMP/plot.gp" 2>>"$LAB_TMP/gnuplot.log" && [[ -s $out.tmp ]]; then
        mv "$out.tmp" "$out"
        info "wrote $out"
    else
        rm -f "$out.tmp"
        info "warning: plot $out failed (gnuplot said: $(tail -n 3 "$LAB_TMP/gnuplot.log" | tr '\n' ' '))"
    fi
}

# plot_tsv FILE JQ_FILTER JSON: JSON through jq -r FILTER (which must emit
# @tsv rows) into FILE, for gnuplot to read. "-" stands for a missing value.
plot_tsv() {
    jq -r "$2" <<<"$3" | sed 's/\t\t/\t-\t/g; s/\t$/\t-/' >"$1"
}
