// The search dialog's results, from Pagefind's JS API (loaded with the dialog, see search.js).
// Pagefind reads <html lang> and loads that language's index only, so a page lists pages in its
// own language. Each page is listed once, with its matching sections under it.
import * as pagefind from "../pagefind/pagefind.js";
import { searchAllVariants } from "./search-variants.js";

// Pagefind's web worker would add its own script to the first search; a site this size searches
// in a few milliseconds on the page itself.
await pagefind.options({ noWorker: true });
pagefind.init();

const WAIT_AFTER_TYPING_MS = 200; // one search when the reader pauses, not one per key
const PAGES_AT_A_TIME = 5; // each page shown costs a fetch of its text; more load on scrolling
const SECTIONS_PER_PAGE = 3;

// Pagefind's excerpts are HTML: escaped text with <mark> around the words found. They are read
// into text and <mark> elements only, so nothing in them runs or becomes markup.
function excerpt(html) {
  const paragraph = document.createElement("p");
  for (const node of new DOMParser().parseFromString(html, "text/html").body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function entry(url, title, html) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = url;
  link.textContent = title;
  item.append(link);
  if (html) item.append(excerpt(html));
  return item;
}

// The sections with most matches, in the order of the page. The page's own part (under its title,
// before the next heading) is not a section: its excerpt goes under the page's title.
function listing(page) {
  const own = page.sub_results.find((section) => section.url === page.url || section.title === page.meta.title);
  const sections = page.sub_results.filter((section) => section !== own);
  const kept = [...sections].sort((a, b) => b.locations.length - a.locations.length).slice(0, SECTIONS_PER_PAGE);
  const shown = sections.filter((section) => kept.includes(section));
  const item = entry(page.url, page.meta.title, own?.excerpt ?? (shown.length ? "" : page.excerpt));
  if (shown.length) {
    const list = document.createElement("ul");
    list.append(...shown.map((section) => entry(section.url, section.title, section.excerpt)));
    item.append(list);
  }
  return item;
}

export function listResults(dialog) {
  const field = dialog.querySelector(".kc-search__field");
  const status = dialog.querySelector(".kc-search__status");
  const list = dialog.querySelector(".kc-search__results");
  let asked = 0; // the latest search: an answer to an older query is dropped
  let timer = 0;

  async function showMore(results, query) {
    const next = results.slice(list.children.length, list.children.length + PAGES_AT_A_TIME);
    const pages = await Promise.all(next.map((result) => result.data()));
    if (query !== asked) return;
    list.append(...pages.map(listing));
    if (list.children.length < results.length) onSight(list.lastElementChild, () => showMore(results, query));
  }

  // Scrolling or tabbing to the last page listed loads the next ones.
  function onSight(element, then) {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((seen) => seen.isIntersecting)) {
          observer.disconnect();
          then();
        }
      },
      { root: dialog },
    );
    observer.observe(element);
  }

  async function search() {
    const query = ++asked;
    const term = field.value.trim();
    if (!term) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const results = await searchAllVariants(pagefind.search, term);
    if (query !== asked) return;
    list.replaceChildren();
    const count = results.length === 0 ? "none" : results.length === 1 ? "one" : "other";
    status.textContent = dialog.dataset[count].replace("#", results.length);
    await showMore(results, query);
  }

  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, WAIT_AFTER_TYPING_MS);
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) dialog.close();
  });
  if (field.value) search();
}
