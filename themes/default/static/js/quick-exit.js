// "Snel weg": leave the site at once. The link works without JavaScript; with it, the page is
// replaced (so Back does not return here) and pressing Escape twice within a second does the same.
const link = document.querySelector("[data-kb-quick-exit]");

function leave(event) {
  if (event) event.preventDefault();
  // Blank the page first, so nothing lingers on screen while the neutral site loads.
  document.title = "";
  document.body.hidden = true;
  window.location.replace(link.href);
}

if (link) {
  link.addEventListener("click", leave);
  let lastEscape = 0;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 1000) leave(event);
    lastEscape = now;
  });
}
