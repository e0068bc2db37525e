// A project's months: the 时间进度 (planned share of the year's investment) against the reported 投资完成率.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("project-chart");
  var data = document.getElementById("project-chart-data");
  if (!el || !data || !window.echarts) return;
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—（未报）" : v + "%"; } },
    legend: { top: 0, data: ["时间进度", "投资完成率"] },
    grid: { left: 48, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.labels },
    yAxis: { type: "value", min: 0, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: "时间进度", type: "line", data: d.planned, lineStyle: { type: "dashed" }, itemStyle: { color: "#98a2b3" } },
      { name: "投资完成率", type: "bar", data: d.reported, itemStyle: { color: "#1d4ed8" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
