// Search with Pagefind. A page carries the header button and an empty dialog (header.html); the
// first click, Ctrl+K or "/" opens the dialog and only then fetches what searches
// (search-results.js, which loads Pagefind), so pages stay light.
const dialog = document.querySelector(".kc-search__dialog");
const button = document.querySelector(".kc-search__button");
let results = null;

function openSearch() {
  if (!dialog.open) dialog.showModal();
  dialog.querySelector(".kc-search__field").focus();
  results ??= import("./search-results.js").then(({ listResults }) => listResults(dialog));
}

button?.addEventListener("click", openSearch);
// A click on the backdrop closes the dialog: the panel fills the dialog, so only the backdrop
// reports the dialog itself as the target.
dialog?.addEventListener("click", (event) => {
  if (event.target === dialog) dialog.close();
});
// Escape closes at once, even from a search field holding text, which would take it to clear itself.
dialog?.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    event.preventDefault();
    dialog.close();
  }
});
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  const shortcut = (event.key === "k" && (event.ctrlKey || event.metaKey)) || (event.key === "/" && !typing);
  if (shortcut && dialog) {
    event.preventDefault();
    openSearch();
  }
});
