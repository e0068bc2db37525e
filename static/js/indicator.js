// Draws one indicator's months: each unit's completion of its annual target against the 序时 line (an amount
// indicator), or each unit's 累计增速 against the province's (a growth indicator). Missing months are gaps.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("indicator-chart");
  var data = document.getElementById("indicator-data");
  if (!el || !data || !window.echarts) return;
  var d = JSON.parse(data.textContent);
  var series = d.series.map(function (s) {
    return { name: s.name, type: "line", data: s.points, connectNulls: false, symbolSize: 6 };
  });
  if (d.amount) {
    series.push({ name: "序时进度", type: "line", data: d.elapsed, lineStyle: { type: "dashed" }, itemStyle: { color: "#667085" }, symbol: "none" });
  } else {
    series.push({ name: "全省", type: "line", data: d.province, lineStyle: { type: "dashed" }, itemStyle: { color: "#667085" } });
  }
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
    legend: { type: "scroll", top: 0 },
    grid: { left: 44, right: 16, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.labels },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
