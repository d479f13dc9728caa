// "Snel weg", as GOV.UK's "Exit this page". The link works without JavaScript; with it, the page
// is hidden at once and replaced (Back does not return here). Also: Escape twice within a
// second, or Shift three times within five seconds (each press restarts the five seconds, any
// other key resets the count, Shift held as a modifier does not count), the count announced in
// a live region. Its words: `data-kb-label-shift-{two,one,reset}` on the link.
const link = document.querySelector("[data-kb-quick-exit]");

const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;
const ESCAPE_WINDOW_MS = 1000;

function leave(event) {
  if (event) event.preventDefault();
  // Blank the page first, so nothing lingers on screen while the neutral site loads.
  document.title = "";
  document.body.hidden = true;
  // The results page may have been handed a query in `window.name`; leave nothing behind.
  window.name = "";
  window.location.replace(link.href);
}

if (link) {
  link.addEventListener("click", leave);

  const status = document.createElement("p");
  status.className = "kb-visually-hidden";
  status.setAttribute("aria-live", "polite");
  status.dataset.kbQuickExitStatus = "";
  link.after(status);
  const announce = (text) => {
    status.textContent = text;
  };

  let lastEscape = 0;
  let shiftCount = 0;
  let shiftTimer = 0;
  // A Shift keydown counts only when released without another key in between.
  let shiftDown = false;
  let shiftUsedAsModifier = false;

  const resetShift = (announceReset) => {
    clearTimeout(shiftTimer);
    const had = shiftCount > 0;
    shiftCount = 0;
    if (announceReset && had) announce(link.dataset.kbLabelShiftReset || "");
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftDown = true;
        shiftUsedAsModifier = false;
      }
      return;
    }
    if (shiftDown) shiftUsedAsModifier = true;
    resetShift(false);
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < ESCAPE_WINDOW_MS) leave(event);
    lastEscape = now;
  });

  document.addEventListener("keyup", (event) => {
    if (event.key !== "Shift") return;
    const counts = shiftDown && !shiftUsedAsModifier;
    shiftDown = false;
    if (!counts) return;
    shiftCount += 1;
    clearTimeout(shiftTimer);
    if (shiftCount >= SHIFT_PRESSES) {
      shiftCount = 0;
      leave(event);
      return;
    }
    const left = SHIFT_PRESSES - shiftCount;
    announce(left === 1 ? link.dataset.kbLabelShiftOne || "" : link.dataset.kbLabelShiftTwo || "");
    shiftTimer = setTimeout(() => resetShift(true), SHIFT_WINDOW_MS);
  });

  // Skip links move focus without adding a history entry (Back after the quick exit would
  // return to this page).
  for (const skip of document.querySelectorAll("a.kb-skip-link[href^='#']")) {
    skip.addEventListener("click", (event) => {
      const target = document.getElementById(skip.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.focus();
    });
  }

  // Switching away from the window loses the keyup; start the count again.
  window.addEventListener("blur", () => {
    shiftDown = false;
    resetShift(false);
  });
}
