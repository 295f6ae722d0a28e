// Loaded with the search dialog (see search-results.js), not with every page.
const MAX_VARIANTS = 16;

// Vietnamese readers often type đ as d ("dao tao" for "đào tạo"). Pagefind folds tone and vowel
// marks but keeps đ as a letter of its own, so a query is also searched with its d's read as đ,
// and the results are merged: each result keeps Pagefind's excerpt in the page's real spelling.
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

// Every variant is searched; a page found by several is kept once, with its best score.
export async function searchAllVariants(search, term) {
  const searches = await Promise.all(variants(term.normalize("NFC")).map((variant) => search(variant)));
  const best = new Map();
  for (const result of searches.flatMap((found) => found?.results ?? [])) {
    const kept = best.get(result.id);
    if (!kept || result.score > kept.score) best.set(result.id, result);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
