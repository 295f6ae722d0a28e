// Search with Pagefind, loaded on demand: a page carries only the header button; the first click,
// Ctrl+K or "/" fetches Pagefind's Component UI from the site itself and opens its dialog.
const bundle = new URL("../pagefind/", import.meta.url);

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

let modal = null;

async function openSearch() {
  if (!modal) {
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("pagefind-component-ui.css", bundle).href;
    document.head.append(style);
    await loadScript(new URL("pagefind-component-ui.js", bundle).href);
    const { searchAllVariants } = await import("./search-variants.js");
    searchAllVariants(window.PagefindComponents.getInstanceManager().getInstance("default"));
    const config = document.createElement("pagefind-config");
    config.setAttribute("bundle-path", bundle.pathname);
    modal = document.createElement("pagefind-modal");
    document.body.append(config, modal);
    await customElements.whenDefined("pagefind-modal");
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  modal.open();
}

const button = document.querySelector(".kc-search__button");
button?.addEventListener("click", openSearch);
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  const shortcut = (event.key === "k" && (event.ctrlKey || event.metaKey)) || (event.key === "/" && !typing);
  if (shortcut && !modal?.contains(event.target)) {
    event.preventDefault();
    openSearch();
  }
});
