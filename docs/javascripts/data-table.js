// The data page as a tool, without a server: the table of every fact sorts by each column (a
// button in each header, aria-sort on the sorted one) and filters by typed text, with or without
// Vietnamese marks (đ typed as d); each ready citation gets a copy button named after its fact.
// Without JavaScript the table and the entries read as they are. Its words, in the page's
// language, come with the page from the site's message catalogue (khuyencong/catalogue.py).
const words = JSON.parse(document.querySelector("script.fact-table__words").textContent);
const language = document.documentElement.lang.startsWith("en") ? "en" : "vi";

/** A message with each {name} in it replaced by its value. */
function fill(message, values) {
  return message.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

// Made at the first sort, not as the page loads: making one takes a phone tens of milliseconds.
let collator;

/** Text folded for matching: no marks, đ as d, lower case, single spaces. */
export function fold(text) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function sortKey(cell) {
  return cell.dataset.sort ?? cell.textContent.trim();
}

function compare(a, b, type) {
  // An empty key (no page number) goes last either way round; the caller flips the rest.
  if (type === "number") return Number.parseFloat(a) - Number.parseFloat(b);
  collator ??= new Intl.Collator(language, { numeric: true, sensitivity: "base" });
  return collator.compare(a, b);
}

function enhanceTable(box) {
  const table = box.querySelector("table");
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const headers = [...table.tHead.rows[0].cells];

  headers.forEach((header, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fact-table__sort";
    button.textContent = header.textContent;
    header.textContent = "";
    header.append(button);
    button.addEventListener("click", () => {
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      for (const other of headers) other.removeAttribute("aria-sort");
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const type = header.dataset.type;
      const keyed = rows.map((row, index) => ({ row, index, key: sortKey(row.cells[column]) }));
      keyed.sort((x, y) => {
        if (!x.key !== !y.key) return x.key ? -1 : 1;
        const order = x.key && y.key ? compare(x.key, y.key, type) : 0;
        return (ascending ? order : -order) || x.index - y.index;
      });
      body.append(...keyed.map((item) => item.row));
    });
  });

  const id = "fact-table-filter";
  const field = document.createElement("div");
  field.className = "fact-table__filter";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = words.filter;
  const input = document.createElement("input");
  input.type = "search";
  input.id = id;
  input.autocomplete = "off";
  input.spellcheck = false;
  const status = document.createElement("p");
  status.className = "fact-table__status";
  status.setAttribute("role", "status");
  field.append(label, input, status);
  box.before(field);

  let texts; // each row's folded text, made at the first keystroke
  input.addEventListener("input", () => {
    texts ??= new Map(rows.map((row) => [row, fold(row.textContent)]));
    const query = fold(input.value);
    let shown = 0;
    for (const row of rows) {
      row.hidden = Boolean(query) && !texts.get(row).includes(query);
      if (!row.hidden) shown += 1;
    }
    status.textContent = query ? fill(words.shown, { shown, total: rows.length }) : "";
  });
}

function addCopyButton(citation) {
  const text = citation.querySelector(".fact-citation__text");
  const label = citation.closest("details")?.querySelector(".fact-entry__label");
  if (!text || !navigator.clipboard) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "fact-citation__copy md-button";
  button.textContent = words.copy;
  button.setAttribute("aria-label", fill(words.copyName, { label: label ? label.textContent.trim() : "" }));
  const status = document.createElement("span");
  status.className = "fact-citation__status";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text.textContent);
      status.textContent = words.copied;
    } catch {
      status.textContent = words.failed;
    }
  });
  citation.append(button, status);
}

// Each closed entry stays out of the page's layout until the page has loaded (extra.css): as it
// starts, the theme measures every heading of the table of contents, and a heading in a closed
// <details> costs it a layout of that whole entry, which was most of the page's main-thread time
// on a phone. After the load, one entry per idle moment goes back to the browser's own folding
// (which find in page opens) and is laid out then, so that the theme's next measure costs nothing.
const laterEntries = [...document.querySelectorAll(".md-typeset details.fact-entry")];
for (const entry of laterEntries) entry.classList.add("fact-entry--later");
const whenIdle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1));
function layOutNextEntry() {
  const entry = laterEntries.shift();
  if (!entry) return;
  entry.classList.remove("fact-entry--later");
  void entry.lastElementChild.offsetTop; // reading a position lays the entry out now
  whenIdle(layOutNextEntry);
}
window.addEventListener("load", () => whenIdle(layOutNextEntry), { once: true });

for (const box of document.querySelectorAll(".md-typeset .fact-table")) enhanceTable(box);
for (const citation of document.querySelectorAll(".md-typeset .fact-citation")) addCopyButton(citation);

// A link to an entry (#key) opens it: browsers open a closed <details> around the target of a
// fragment; this does the same for one that does not, and when the same link is followed again.
function openTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const entry = target?.closest("details.fact-entry");
  if (entry && !entry.open) {
    entry.open = true;
    target.scrollIntoView();
  }
}
window.addEventListener("hashchange", openTarget);
openTarget();
