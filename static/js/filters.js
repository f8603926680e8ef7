// Progressive enhancement: on narrow screens start with the filter panel folded so
// results come first. Without JavaScript the panel simply stays open.
document.querySelectorAll("details[data-collapse-below]").forEach((panel) => {
  if (window.matchMedia(`(max-width: ${panel.dataset.collapseBelow})`).matches) {
    panel.open = false;
  }
});

// Type-to-find in a long facet: reveal the box, open "Show all" and hide the options
// whose label does not contain what was typed (accents and case aside).
const folded = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
document.querySelectorAll("[data-facet-find]").forEach((box) => {
  const input = box.querySelector("input");
  const options = document.getElementById(input.getAttribute("aria-controls"));
  const more = options.querySelector("[data-facet-more]");
  box.hidden = false;
  input.addEventListener("input", () => {
    const wanted = folded(input.value.trim());
    if (more && wanted) {
      more.open = true;
    }
    options.querySelectorAll("li").forEach((item) => {
      item.hidden = wanted !== "" && !folded(item.textContent).includes(wanted);
    });
  });
});
