// A slide deck, one slide at a time: previous/next buttons, the arrow keys, Page Up/Down and
// Home/End while focus is in the deck; full screen (the Fullscreen API); and a presenter view in a second window (the
// same page at `#presenter`) with the notes, the next slide and a clock. The two windows keep
// the same slide through a BroadcastChannel: no server, and nothing is stored. Without this
// script every slide shows one after another, which is also how the deck prints.
// Its words come from the page: `data-kb-label-status` ("Dia {n} van {total}").
const deck = document.querySelector("[data-kb-deck]");

if (deck) {
  const slides = [...deck.querySelectorAll("[data-kb-slide]")];
  const status = deck.querySelector("[data-kb-deck-status]");
  const label = deck.dataset.kbLabelStatus || "{n} / {total}";
  const fullscreenButton = deck.querySelector("[data-kb-deck-fullscreen]");
  const presenterButton = deck.querySelector("[data-kb-deck-presenter]");
  const presenterPanel = deck.querySelector("[data-kb-presenter]");
  const isPresenter = window.location.hash === "#presenter";
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(`kb-deck:${window.location.pathname}`) : null;
  let current = 0;

  // The next slide, for the presenter: a copy without ids (they would repeat) that cannot
  // take focus (`inert` on its container).
  const showNext = () => {
    const next = presenterPanel.querySelector("[data-kb-presenter-next]");
    const end = presenterPanel.querySelector("[data-kb-presenter-end]");
    next.replaceChildren();
    const following = slides[current + 1];
    end.hidden = Boolean(following);
    if (!following) return;
    const copy = following.querySelector(".kb-slide__frame").cloneNode(true);
    for (const el of [copy, ...copy.querySelectorAll("[id]")]) el.removeAttribute("id");
    const wrapper = document.createElement("div");
    wrapper.className = following.className;
    wrapper.append(copy);
    next.append(wrapper);
  };

  const show = (index, { broadcast = true } = {}) => {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => {
      slide.hidden = i !== current;
    });
    status.textContent = label.replace("{n}", String(current + 1)).replace("{total}", String(slides.length));
    if (isPresenter) showNext();
    if (broadcast && channel) channel.postMessage({ slide: current });
  };

  deck.classList.add("kb-deck--live");
  deck.querySelector("[data-kb-deck-controls]").hidden = false;
  deck.querySelector("[data-kb-deck-previous]").addEventListener("click", () => show(current - 1));
  deck.querySelector("[data-kb-deck-next]").addEventListener("click", () => show(current + 1));

  // The keys turn slides only while focus is in the deck (its buttons) or the deck is full
  // screen: elsewhere Page Down, Home and End keep scrolling the page as readers expect.
  const keys = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (document.fullscreenElement !== deck && !deck.contains(document.activeElement)) return;
    if (event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key in keys) show(current + keys[event.key]);
    else if (event.key === "Home") show(0);
    else if (event.key === "End") show(slides.length - 1);
    else return;
    event.preventDefault();
  });

  if (document.fullscreenEnabled) {
    fullscreenButton.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else deck.requestFullscreen();
    });
    document.addEventListener("fullscreenchange", () => {
      fullscreenButton.setAttribute("aria-pressed", String(document.fullscreenElement === deck));
    });
  } else {
    fullscreenButton.hidden = true;
  }

  if (channel) {
    channel.addEventListener("message", (event) => {
      if (event.data?.hello) channel.postMessage({ slide: current });
      else if (Number.isInteger(event.data?.slide)) show(event.data.slide, { broadcast: false });
    });
  }

  if (isPresenter) {
    deck.classList.add("kb-deck--presenter");
    presenterPanel.hidden = false;
    presenterButton.hidden = true;
    const clock = presenterPanel.querySelector("[data-kb-presenter-timer]");
    let started = Date.now();
    const tick = () => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      const minutes = Math.floor(seconds / 60);
      clock.textContent = `${String(minutes).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    };
    window.setInterval(tick, 1000);
    presenterPanel.querySelector("[data-kb-presenter-reset]").addEventListener("click", () => {
      started = Date.now();
      tick();
    });
  } else {
    presenterButton.addEventListener("click", () => {
      window.open(`${window.location.pathname}#presenter`, "kb-presenter");
    });
  }

  const printRow = deck.querySelector("[data-kb-deck-print-row]");
  printRow.hidden = false;
  printRow.querySelector("[data-kb-deck-print]").addEventListener("click", () => window.print());

  const start = /^#dia-(\d+)$/.exec(window.location.hash);
  show(start ? Number(start[1]) - 1 : 0, { broadcast: false });
  // A new presenter window asks the other window which slide is showing.
  if (isPresenter && channel) channel.postMessage({ hello: true });
}
