// The signal checklist: a live count of ticked signals, "print only what is ticked", and
// "clear all". Nothing is stored: no localStorage, no cookies; closing the page forgets it all.
// Its words come from the page, in the page's language: `data-kb-label-count` on the checklist
// ("{ticked} of {total} ...") and `data-kb-date-locale` for the printed date.
const root = document.querySelector("[data-kb-checklist]");

if (root) {
  const boxes = [...root.querySelectorAll(".kb-signal__box")];
  const count = root.querySelector("[data-kb-checklist-count]");
  const actions = root.querySelector("[data-kb-checklist-actions]");
  const notes = root.querySelector("textarea");
  const printDate = root.querySelector("[data-kb-print-date]");
  const countLabel = root.dataset.kbLabelCount || "{ticked}/{total}";
  const dateLocale = root.dataset.kbDateLocale || document.documentElement.lang || undefined;

  const update = () => {
    const ticked = boxes.filter((b) => b.checked).length;
    count.textContent = countLabel.replace("{ticked}", String(ticked)).replace("{total}", String(boxes.length));
    root.classList.toggle("kb-checklist--ticked", ticked > 0);
  };

  // Browsers restore form state on Back; start clean so nothing from earlier shows up.
  for (const box of boxes) box.checked = false;
  if (notes) notes.value = "";

  count.hidden = false;
  actions.hidden = false;
  update();
  root.addEventListener("change", update);

  root.querySelector("[data-kb-checklist-print]").addEventListener("click", () => {
    if (printDate) printDate.textContent = new Date().toLocaleDateString(dateLocale, { dateStyle: "long" });
    window.print();
  });
  root.querySelector("[data-kb-checklist-clear]").addEventListener("click", () => {
    for (const box of boxes) box.checked = false;
    if (notes) notes.value = "";
    update();
    boxes[0]?.focus();
  });
}
