/* mkdocs-material's search overlay has role="dialog" but no accessible name; give it one. */
document$.subscribe(function () {
  var search = document.querySelector(".md-search[role='dialog']");
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search");
  }
});
