// The signal checklist: a live count of ticked signals, "print only what is ticked", and
// "clear all". Nothing is stored: no localStorage, no cookies; closing the page forgets it all.
// Its words come from the page, in the page's language: `data-kb-label-count` on the checklist
// ("{ticked} of {total} ...") and `data-kb-date-locale` for the printed date.
//
// What the page says always follows the boxes as they are. After Back the browser puts back
// the boxes and the notes (from its back/forward cache, or into a fresh load once this script
// has run), without a change event; so the count, the print choice and the printed notes are
// read again on `load` and `pageshow`, not only on change.
const root = document.querySelector("[data-kb-checklist]");

if (root) {
  const boxes = [...root.querySelectorAll(".kb-signal__box")];
  const count = root.querySelector("[data-kb-checklist-count]");
  const actions = root.querySelector("[data-kb-checklist-actions]");
  const notes = root.querySelector("textarea");
  const printDate = root.querySelector("[data-kb-print-date]");
  const countLabel = root.dataset.kbLabelCount || "{ticked}/{total}";
  const dateLocale = root.dataset.kbDateLocale || document.documentElement.lang || undefined;

  groupSignals(root);

  // On paper a text field shows only its visible rows: the notes print as text instead, whole.
  const printedNotes = document.createElement("div");
  printedNotes.className = "kb-checklist__notes-print";
  notes?.after(printedNotes);

  const update = () => {
    const ticked = boxes.filter((b) => b.checked).length;
    const said = countLabel.replace("{ticked}", String(ticked)).replace("{total}", String(boxes.length));
    if (count.textContent !== said) count.textContent = said;
    root.classList.toggle("kb-checklist--ticked", ticked > 0);
    if (notes) printedNotes.textContent = notes.value;
  };

  root.classList.add("kb-checklist--enhanced");
  count.hidden = false;
  actions.hidden = false;
  update();
  root.addEventListener("change", update);
  root.addEventListener("input", update);
  window.addEventListener("load", update);
  window.addEventListener("pageshow", update);

  root.querySelector("[data-kb-checklist-print]").addEventListener("click", () => {
    if (printDate) printDate.textContent = new Date().toLocaleDateString(dateLocale, { dateStyle: "long" });
    update();
    window.print();
  });
  root.querySelector("[data-kb-checklist-clear]").addEventListener("click", () => {
    for (const box of boxes) box.checked = false;
    if (notes) notes.value = "";
    update();
    boxes[0]?.focus();
  });
}

/** Each heading of the list and its signals become a group named by the heading, so that a
 * screen reader tabbing from box to box hears the group (WCAG 1.3.1); it also lets print leave
 * out a group with nothing ticked. */
function groupSignals(checklist) {
  for (const list of checklist.querySelectorAll("ul:has(> .kb-signal)")) {
    let heading = list.previousElementSibling;
    while (heading && !/^H[2-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    if (!heading?.id) continue;
    const group = document.createElement("div");
    group.className = "kb-signal-group";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", heading.id);
    heading.before(group);
    let node = heading;
    while (node) {
      const next = node.nextSibling;
      group.append(node);
      if (node === list) break;
      node = next;
    }
  }
}
