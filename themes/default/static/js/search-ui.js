// The search field in the header (an ARIA combobox with results as you type) and the results
// page at /zoeken/. The search engine itself (search.js) is loaded on first use.
//
// The query stays out of the address bar and the history (a partner may check the history):
// the header hands it to the results page in `window.name` (in the tab's memory only), which
// the results page empties at once, and the results page never puts it in its URL or adds a
// history entry; an old `#q=` link is read, then wiped with history.replaceState. (The URL plus
// replaceState would not do: the browser records the address it opened before any script runs.)
// A site may opt in to shareable links (`[extra] search_shareable_urls = true`): then the query
// goes in the fragment, which is never sent to a server; still no new history entries.
//
// Without JavaScript the header form leads to the A-Z index, and its field has no name, so no
// query is ever sent anywhere.
//
// The words come from the page, in its language: `data-kb-label-<name>` attributes on the
// header form and on the results page (`{n}` in a label is a number filled in here). A facet
// value's label is `data-kb-label-<facet>-<value>`; a value without one shows as it is.

/** The text of `data-kb-label-<name>` on `element`, with `{placeholders}` filled in. */
function label(element, name, values = {}) {
  const text = element.getAttribute(`data-kb-label-${name}`) ?? "";
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** "1 result" or "3 results", from `data-kb-label-count-one` and `-count-other`. */
function countLabel(element, n) {
  return label(element, n === 1 ? "count-one" : "count-other", { n });
}

let engine = null;
function loadEngine() {
  if (!engine) {
    const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="kb-search-module"]'));
    engine = import(meta ? meta.content : "./search.js");
  }
  return engine;
}

function searchPageUrl() {
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="kb-search-page"]'));
  return meta ? meta.content : "/zoeken/";
}

/** Whether the site opted in to result links with the query in them (see the top). */
function shareableUrls() {
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="kb-search-page"]'));
  return !!meta && meta.hasAttribute("data-kb-shareable-urls");
}

const HANDOVER = "kb-search-query:";

/** Opens the results page for `query`, keeping it out of the URL unless the site opted in. */
function openResultsPage(query) {
  if (shareableUrls()) {
    location.assign(`${searchPageUrl()}#q=${encodeURIComponent(query)}`);
    return;
  }
  window.name = HANDOVER + query;
  location.assign(searchPageUrl());
}

/** The query handed over by the header; read once, then gone. */
function takeHandedOverQuery() {
  const name = window.name;
  if (!name.startsWith(HANDOVER)) return "";
  window.name = "";
  return name.slice(HANDOVER.length);
}

/** Renders text with <mark> around the given [start, end) ranges, without innerHTML. */
function highlighted(text, marks) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at) continue;
    fragment.append(text.slice(at, start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    fragment.append(mark);
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** A result from the default language's index, on a page in another language: its text gets
 * its own `lang`, and a note says where the link leads (`data-kb-label-other-language`). */
function markLanguage(element, r, labels) {
  if (!r.lang) return;
  element.setAttribute("lang", r.lang);
  const note = document.createElement("span");
  note.className = "kb-lang-note";
  note.lang = document.documentElement.lang;
  note.textContent = ` ${label(labels, "other-language")}`;
  element.after(note);
}

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** The header field as a combobox: arrow keys move through results, Enter opens, Escape closes. */
function enhanceHeaderSearch(form) {
  const input = form.querySelector('input[type="search"]');
  if (!input) return;
  const listbox = document.createElement("ul");
  listbox.id = `${input.id || "kb-zoekveld"}-resultaten`;
  listbox.className = "kb-search__results";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", label(form, "results"));
  listbox.hidden = true;
  const status = document.createElement("p");
  status.className = "kb-visually-hidden";
  status.setAttribute("role", "status");
  form.append(listbox, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("autocomplete", "off");

  let active = -1;
  let options = [];
  const close = () => {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const select = (index) => {
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
    else input.removeAttribute("aria-activedescendant");
  };

  const update = debounce(async () => {
    const query = input.value;
    if (query.trim().length < 2) {
      close();
      return;
    }
    const { search } = await loadEngine();
    const results = await search(query, { limit: 6 });
    if (input.value !== query) return;
    listbox.replaceChildren();
    options = results.map((r, i) => {
      const li = document.createElement("li");
      li.id = `${listbox.id}-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.url = r.anchorUrl;
      const title = document.createElement("span");
      title.className = "kb-search__title";
      title.textContent = r.title;
      const excerpt = document.createElement("span");
      excerpt.className = "kb-search__excerpt";
      excerpt.append(highlighted(r.excerpt, r.marks));
      if (r.lang) excerpt.lang = r.lang;
      li.append(title, excerpt);
      markLanguage(title, r, form);
      li.addEventListener("mousedown", (e) => e.preventDefault());
      li.addEventListener("click", () => location.assign(r.anchorUrl));
      return li;
    });
    const all = document.createElement("li");
    all.id = `${listbox.id}-alle`;
    all.setAttribute("role", "option");
    all.setAttribute("aria-selected", "false");
    all.className = "kb-search__all";
    all.dataset.query = query;
    all.textContent = results.length ? label(form, "all-results") : label(form, "no-results-link");
    all.addEventListener("mousedown", (e) => e.preventDefault());
    all.addEventListener("click", () => openResultsPage(query));
    options.push(all);
    listbox.append(...options);
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    select(-1);
    status.textContent = results.length ? countLabel(form, results.length) : label(form, "no-results");
  }, 80);

  input.addEventListener("focus", () => loadEngine(), { once: true });
  input.addEventListener("input", update);
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && options.length) {
      e.preventDefault();
      if (listbox.hidden) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      select((active + 1) % options.length);
    } else if (e.key === "ArrowUp" && options.length) {
      e.preventDefault();
      select(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === "Escape" && !listbox.hidden) {
      // Escape closes the list first (keeping the typed words, which a search field would
      // otherwise clear); the quick exit listens for Escape pressed twice.
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      const option = options[active];
      if (option.dataset.query !== undefined) openResultsPage(option.dataset.query);
      else location.assign(option.dataset.url);
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) openResultsPage(input.value);
  });
}

/** The results page: the query comes from the header (or an old-style `#q=` link) and stays in
 * the page; only a site that opted in writes it to the URL fragment. */
function enhanceResultsPage(root) {
  const form = root.querySelector("form");
  const input = root.querySelector('input[type="search"]');
  const summary = root.querySelector("[data-kb-summary]");
  const facetsBox = root.querySelector("[data-kb-facets]");
  const list = root.querySelector("[data-kb-results]");
  const empty = root.querySelector("[data-kb-empty]");
  const filters = {};

  const readFragment = () => {
    const params = new URLSearchParams(location.hash.slice(1));
    return params.get("q") || "";
  };

  const shareable = shareableUrls();
  /** The address without the query (or, on an opted-in site, with it); never a new entry. */
  const writeAddress = (query) => {
    const bare = location.pathname + location.search;
    const wanted = shareable && query ? `${bare}#q=${encodeURIComponent(query)}` : bare;
    if (location.pathname + location.search + location.hash !== wanted) history.replaceState(null, "", wanted);
  };

  const run = async () => {
    const query = input.value;
    writeAddress(query);
    if (!query.trim()) {
      list.replaceChildren();
      facetsBox.replaceChildren();
      summary.textContent = "";
      empty.hidden = true;
      more.hidden = true;
      return;
    }
    if (query !== lastQuery) shown = PAGE_SIZE;
    lastQuery = query;
    const { searchWithFacets } = await loadEngine();
    const { results, total, facets, leftOut, partial } = await searchWithFacets(query, { limit: shown, filters });
    if (input.value !== query) return;
    const skipped = leftOut.length ? label(root, "left-out", { words: leftOut.map((w) => `"${w}"`).join(", ") }) : "";
    // No page holds every word: say that these pages hold the most of them.
    const some = partial && total > 0 ? label(root, "partial") : "";
    summary.textContent = [countLabel(root, total), skipped, some].filter(Boolean).join(". ");
    empty.hidden = total !== 0;
    more.hidden = results.length >= total;
    list.replaceChildren(
      ...results.map((r) => {
        const li = document.createElement("li");
        li.className = "kb-result";
        const h = document.createElement("h2");
        h.className = "kb-result__title";
        const a = document.createElement("a");
        a.href = r.anchorUrl;
        a.textContent = r.title;
        h.append(a);
        const crumbs = document.createElement("p");
        crumbs.className = "kb-result__crumbs";
        crumbs.textContent = [...r.crumbs, r.heading].filter(Boolean).join(" › ");
        const excerpt = document.createElement("p");
        excerpt.className = "kb-result__excerpt";
        excerpt.append(highlighted(r.excerpt, r.marks));
        li.append(h, crumbs, excerpt);
        if (r.lang) crumbs.lang = excerpt.lang = r.lang;
        markLanguage(a, r, root);
        return li;
      }),
    );
    renderFacets(facets);
  };

  // Ten results first (each costs the fetch of its excerpt), then ten more on request; focus
  // moves to the first new one, so keyboard and screen reader users go on where they were.
  const PAGE_SIZE = 10;
  let shown = PAGE_SIZE;
  let lastQuery = null;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "kb-button kb-results__more";
  more.textContent = label(root, "more-results");
  more.hidden = true;
  list.after(more);
  more.addEventListener("click", async () => {
    const before = list.children.length;
    shown += PAGE_SIZE;
    await run();
    const next = list.children[before]?.querySelector("a");
    if (next) next.focus();
  });

  const renderFacets = (facets) => {
    facetsBox.replaceChildren();
    for (const [facet, values] of Object.entries(facets)) {
      const entries = Object.entries(values);
      if (entries.length < 2 && !filters[facet]) continue;
      const group = document.createElement("fieldset");
      group.className = "kb-facet";
      const legend = document.createElement("legend");
      legend.textContent = label(root, `facet-${facet}`) || facet;
      group.append(legend);
      for (const [value, count] of entries) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "kb-chip";
        button.setAttribute("aria-pressed", String(filters[facet] === value));
        button.textContent = `${label(root, `${facet}-${value}`) || value} (${count})`;
        button.addEventListener("click", () => {
          filters[facet] = filters[facet] === value ? undefined : value;
          shown = PAGE_SIZE;
          run().then(() => {
            const again = [...facetsBox.querySelectorAll("button")].find((b) => b.textContent.startsWith(button.textContent.split(" (")[0]));
            if (again) again.focus();
          });
        });
        group.append(button);
      }
      facetsBox.append(group);
    }
  };

  input.value = takeHandedOverQuery() || readFragment();
  writeAddress(input.value);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  input.addEventListener("input", debounce(run, 120));
  window.addEventListener("hashchange", () => {
    const q = readFragment();
    if (q !== input.value) {
      input.value = q;
      run();
    }
  });
  root.hidden = false;
  const fallback = /** @type {HTMLElement | null} */ (document.querySelector("[data-kb-no-js]"));
  if (fallback) fallback.hidden = true;
  if (input.value) run();
}

for (const form of document.querySelectorAll('form[role="search"][data-kb-header-search], header form[role="search"]')) {
  enhanceHeaderSearch(form);
}
const resultsPage = document.querySelector("[data-kb-search-page]");
if (resultsPage) enhanceResultsPage(resultsPage);
