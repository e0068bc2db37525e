// The report form (cycles/report.html): warn before leaving while typed text is not yet saved; an autosave or
// a button of this form saves it. A refused save (data-unsaved) shows the text unsaved.
(function () {
  const form = document.getElementById("report-form");
  if (!form || form.dataset.warnBound) return;
  form.dataset.warnBound = "1";
  let unsaved = form.hasAttribute("data-unsaved");
  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") unsaved = true;
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.elt === form) unsaved = false;
  });
  form.addEventListener("submit", function () { unsaved = false; });
  form.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== form) unsaved = false;  // 提交审核 or 保存并上传 carries the text
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });
})();
