// Chart.js is loaded by index.html as a classic script (vendor/chart.umd.min.js): the global `Chart`.
declare const Chart: typeof import('chart.js').Chart;
