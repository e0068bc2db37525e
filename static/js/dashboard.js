// 领导驾驶舱 charts: tasks by colour per area and per unit (stacked bars; a unit's bar drills down),
// and the trend per cycle (序时进度 vs accepted progress, 报送率, the 双过半 line at 50%). Drawn on load,
// and again when a drill-down link has swapped the page in (htmx) or back has restored it.
var dashboardCharts = [];
function drawDashboard() {
  var data = document.getElementById("dashboard-data");
  dashboardCharts.forEach(function (c) { c.dispose(); });
  dashboardCharts = [];
  if (!data || !window.echarts) return;
  var d = JSON.parse(data.textContent), charts = dashboardCharts;
  var colours = [["red", "红灯", "#f04438"], ["yellow", "黄灯", "#fdb022"], ["green", "绿灯", "#12b76a"]];

  function bars(id, rows) {
    var el = document.getElementById(id);
    if (!el || !rows.length) { if (el) el.hidden = true; return; }
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, name: "任务数" },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.label; }),
               axisLabel: { width: 110, overflow: "truncate" } },
      series: colours.map(function (c) {
        return { name: c[1], type: "bar", stack: "rag", itemStyle: { color: c[2] }, label: { show: true, formatter: function (p) { return p.value || ""; } },
                 data: rows.map(function (r) { return r.rag[c[0]] || 0; }) };
      })
    });
    chart.on("click", function (p) { var url = rows[p.dataIndex].url; if (url) window.location.href = url; });
    charts.push(chart);
  }

  function trend(id, rows) {
    var el = document.getElementById(id);
    if (!el || !rows.length) { if (el) el.hidden = true; return; }
    var chart = echarts.init(el);
    var pct = function (v) { return v == null ? "—" : v + "%"; };
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: "序时进度", type: "line", lineStyle: { type: "dashed" }, itemStyle: { color: "#98a2b3" },
          data: rows.map(function (r) { return r.planned; }),
          markLine: { silent: true, symbol: "none", label: { formatter: "双过半 50%" }, lineStyle: { color: "#1d4ed8" }, data: [{ yAxis: 50 }] } },
        { name: "已采纳平均进度", type: "line", connectNulls: true, itemStyle: { color: "#a8071a" }, data: rows.map(function (r) { return r.reported; }) },
        { name: "报送率", type: "bar", itemStyle: { color: "#b2ccff" }, data: rows.map(function (r) { return r.rate; }) }
      ]
    });
    charts.push(chart);
  }

  bars("area-chart", d.areas);
  bars("unit-chart", d.units);
  trend("trend-chart", d.trend);
}
function resizeDashboard() { dashboardCharts.forEach(function (c) { c.resize(); }); }
document.addEventListener("DOMContentLoaded", drawDashboard);
document.addEventListener("htmx:afterSettle", drawDashboard);  // the page's only htmx swap is #dash
document.addEventListener("htmx:historyRestore", drawDashboard);
window.addEventListener("resize", resizeDashboard);
window.addEventListener("beforeprint", resizeDashboard);
