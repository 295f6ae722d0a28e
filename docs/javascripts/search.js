// Vietnamese readers often type đ as d ("dao tao" for "đào tạo"). Pagefind folds tone and vowel
// marks but keeps đ as a letter of its own, so a query is also searched with its d's read as đ,
// and the results are merged: each result keeps Pagefind's excerpt in the page's real spelling.
const MAX_VARIANTS = 16;

export function variants(term) {
  const positions = [...term].flatMap((c, i) => (c === "d" || c === "D" ? [i] : []));
  const count = Math.min(2 ** positions.length, MAX_VARIANTS);
  const found = [];
  for (let mask = 0; mask < count; mask++) {
    const letters = [...term];
    positions.forEach((position, bit) => {
      if (mask & (1 << bit)) letters[position] = letters[position] === "d" ? "đ" : "Đ";
    });
    found.push(letters.join(""));
  }
  return found;
}

function merge(searches) {
  const best = new Map();
  for (const search of searches) {
    for (const result of search?.results ?? []) {
      const kept = best.get(result.id);
      if (!kept || result.score > kept.score) best.set(result.id, result);
    }
  }
  const results = [...best.values()].sort((a, b) => b.score - a.score);
  return { ...searches[0], results, unfilteredResultCount: results.length };
}

function searchAllVariants(pagefind) {
  const search = pagefind.search.bind(pagefind);
  pagefind.search = async (term, options) => {
    if (!term) return search(term, options);
    const normalized = term.normalize("NFC");
    return merge(await Promise.all(variants(normalized).map((t) => search(t, options))));
  };
}

const instance = window.PagefindComponents?.getInstanceManager().getInstance("default");
if (instance) {
  const load = instance.__load__.bind(instance);
  instance.__load__ = async () => {
    await load();
    if (instance.__pagefind__ && !instance.__pagefind__.searchesAllVariants) {
      searchAllVariants(instance.__pagefind__);
      instance.__pagefind__.searchesAllVariants = true;
    }
  };
}
