// Content tabs (MkDocs `=== "Label"`, Docusaurus `<Tabs>`): the page holds one section per tab,
// each with a heading, inside `[data-kb-tabs]`; that reads well without JavaScript and on paper.
// Here each set becomes the WAI-ARIA tabs pattern: a tablist of buttons (the headings' text),
// one visible tabpanel, arrow keys / Home / End to move between tabs (automatic activation).
// The headings stay in the page for print (see the print styles).

function setUp(container) {
  const panels = Array.from(container.children).filter((el) => el.classList.contains("kb-tabs__panel"));
  const headings = panels.map((panel) => panel.querySelector(":scope > .kb-tabs__label"));
  if (panels.length === 0 || headings.some((h) => !h)) return;
  const list = document.createElement("div");
  list.className = "kb-tabs__list";
  list.setAttribute("role", "tablist");
  nameList(list, container);
  const tabs = panels.map((panel, i) => {
    const heading = headings[i];
    const tab = document.createElement("button");
    tab.type = "button";
    tab.className = "kb-tabs__tab";
    tab.id = `${heading.id}-tab`;
    tab.setAttribute("role", "tab");
    tab.append(...Array.from(heading.childNodes, (node) => node.cloneNode(true)));
    panel.id = `${heading.id}-panel`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.tabIndex = 0;
    tab.setAttribute("aria-controls", panel.id);
    list.append(tab);
    return tab;
  });

  function select(index, focus) {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (focus) tabs[index].focus();
  }

  list.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) select(tabs.indexOf(tab), false);
  });
  list.addEventListener("keydown", (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    const last = tabs.length - 1;
    const next = {
      ArrowRight: current === last ? 0 : current + 1,
      ArrowLeft: current === 0 ? last : current - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next, true);
  });

  container.prepend(list);
  container.classList.add("kb-tabs--enhanced");
  select(0, false);
}

/** The tab list is named by the heading above the tabs (with an id, as rendered headings have),
 * else by the page's title: a screen reader then says what the tabs are about. */
function nameList(list, container) {
  for (let node = container.previousElementSibling; node; node = node.previousElementSibling) {
    if (/^H[1-6]$/.test(node.tagName) && node.id) {
      list.setAttribute("aria-labelledby", node.id);
      return;
    }
  }
  const title = document.querySelector("h1");
  if (title?.id) list.setAttribute("aria-labelledby", title.id);
  else if (title) list.setAttribute("aria-label", title.textContent.trim());
}

document.querySelectorAll("[data-kb-tabs]").forEach(setUp);
