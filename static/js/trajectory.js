// Draws a task's trajectory: planned progress (time elapsed) against accepted reported progress.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("trajectory-chart");
  var data = document.getElementById("trajectory-data");
  if (!el || !data || !window.echarts) return;
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
    legend: { top: 0, data: ["计划进度（时间进度）", "实际进度（已采纳）"] },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.labels },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: "计划进度（时间进度）", type: "line", data: d.planned, lineStyle: { type: "dashed" }, itemStyle: { color: "#98a2b3" } },
      { name: "实际进度（已采纳）", type: "line", data: d.reported, connectNulls: true, itemStyle: { color: "#a8071a" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
