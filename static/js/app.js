// Behaviour for every page, loaded by base.html. The Content-Security-Policy allows no inline script, so the
// small things templates used to do in onsubmit/onclick/onkeydown are data-* attributes handled here:
//   <form data-confirm="确定…？">                  asks before submitting
//   <form data-busy="正在导入…" data-busy-status="id" data-busy-text="…">
//                                                   disables its submit button while the server works and
//                                                   shows (and fills) the status element
//   <button data-print>                             prints the page
//   <input data-enter-search>                       Enter searches (its "search" event), not submits the form
//   <select data-submit-on-change>                  submits its form when a choice is made
(function () {
  // On a narrow screen the menu folds behind 菜单 (app.css); without this script it simply wraps.
  function foldMenu() {
    const header = document.querySelector("header.top");
    const toggle = header && header.querySelector(".menu-toggle");
    if (!toggle || header.classList.contains("foldable")) return;
    header.classList.add("foldable");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", header.classList.toggle("open"));
    });
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (form.dataset.busy) {
      const button = form.querySelector("button[type=submit], button:not([type])");
      if (button) { button.disabled = true; button.textContent = form.dataset.busy; }
      const status = form.dataset.busyStatus && document.getElementById(form.dataset.busyStatus);
      if (status) {
        status.hidden = false;
        if (form.dataset.busyText) status.textContent = form.dataset.busyText;
      }
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-submit-on-change]")) event.target.form.requestSubmit();
  });

  document.addEventListener("keydown", function (event) {
    const input = event.target.closest && event.target.closest("[data-enter-search]");
    if (input && event.key === "Enter") {
      event.preventDefault();
      input.dispatchEvent(new Event("search"));
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", foldMenu);
  else foldMenu();
  document.addEventListener("htmx:afterSettle", foldMenu);  // a swap of the whole body brings a new header
})();
