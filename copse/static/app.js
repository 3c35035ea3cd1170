// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // A row of tabs wider than a phone scrolls sideways: bring the current one into view.
  document.querySelectorAll(".tabs [aria-current='page']").forEach((tab) => {
    const row = tab.closest(".tabs");
    if (row.scrollWidth <= row.clientWidth) return;
    const offset = tab.getBoundingClientRect().left - row.getBoundingClientRect().left;
    row.scrollLeft += offset - (row.clientWidth - tab.offsetWidth) / 2;
  });
  // Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Reports print with the browser's own Print; with JavaScript there is a button for it as well.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
    const hint = button.parentElement.querySelector("[data-print-hint]");
    if (hint) hint.textContent = "It prints without the menus, with every table whole.";
  });
});
document.addEventListener("htmx:afterSwap", (event) => {
  const summary = event.target.querySelector && event.target.querySelector(".error-summary");
  if (summary) summary.focus();
});

// Header menus are <details>: they open and close without JavaScript. Here, opening one closes the others, and
// Escape or a click elsewhere closes it (Escape returns focus to its button).
const menus = () => document.querySelectorAll("details[data-menu]");
document.addEventListener("toggle", (event) => {
  const opened = event.target;
  if (!(opened instanceof HTMLDetailsElement) || !opened.matches("[data-menu]") || !opened.open) return;
  menus().forEach((menu) => { if (menu !== opened) menu.open = false; });
}, true);
document.addEventListener("click", (event) => {
  menus().forEach((menu) => { if (menu.open && !menu.contains(event.target)) menu.open = false; });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  menus().forEach((menu) => {
    if (!menu.open) return;
    menu.open = false;
    if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
  });
});
