// The language switcher keeps the reader's place: both languages of a page carry the same heading
// anchors (the build checks this), so the #anchor of this page is valid on its twin too. Each
// language link already points at the page's twin (the i18n plugin sets it), so the link is
// followed as it is, with the anchor added, and the theme's own handler, which rebuilds the
// address from a sitemap lookup and drops the anchor, is not reached (capture phase).
document.addEventListener(
  "click",
  (event) => {
    const link = event.target.closest?.("a.md-select__link[hreflang]");
    if (!link || event.metaKey || event.ctrlKey) return;
    event.stopPropagation();
    if (location.hash && !new URL(link.href, location.href).hash) {
      link.href = new URL(location.hash, new URL(link.href, location.href)).href;
    }
  },
  true,
);

// When the page has loaded, the theme fetches a sitemap.xml beside every <link rel="alternate"> of
// the head, to rewrite the language links as above; here each of those is a page, with no sitemap
// beside it. The links are for search engines, which read the page as it was sent: they leave the
// head while the theme looks, and are put back at once (this listener runs after the theme's, which
// its script, run before this module, registered first).
const alternates = [...document.head.querySelectorAll("link[rel=alternate]")];
for (const alternate of alternates) alternate.remove();
document.addEventListener("DOMContentLoaded", () => document.head.append(...alternates), { once: true });
