# gnuplot script for bench/run: seconds against rows for the three clients.
#   gnuplot -e "csv='bench/results/bench.csv'; out='bench/results/bench.png'" bench/plot.gp
set terminal pngcairo size 900,600 font ",11" noenhanced
set output out
set datafile separator ","
set key top left
set logscale xy
set grid
set format x "%.0s%c"
set xlabel "rows (about 240 bytes each)"
set ylabel "seconds (median)"
set title "Full scan of a JSON array served by nginx on loopback, 11 columns"
plot csv using 1:4 every ::1 with linespoints lw 2 pt 7 title "rest_fdw foreign scan", \
     csv using 1:3 every ::1 with linespoints lw 2 pt 5 title "floor: libcurl + jansson, no database", \
     csv using 1:5 every ::1 with linespoints lw 2 pt 9 title "jsonb_populate_recordset(pg_read_file())"
