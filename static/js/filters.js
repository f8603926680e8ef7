// Progressive enhancement: on narrow screens start with the filter panel folded so
// results come first. Without JavaScript the panel simply stays open.
document.querySelectorAll("details[data-collapse-below]").forEach((panel) => {
  if (window.matchMedia(`(max-width: ${panel.dataset.collapseBelow})`).matches) {
    panel.open = false;
  }
});
