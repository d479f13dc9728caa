// "Offline bewaren": stores the offline set of /offline/manifest.json on this device, only when
// the reader clicks, with progress and the size stored; "Verwijder offline kopie" removes every
// stored file and the service worker. Beside the control it says of which date the stored copy
// is, and announces when the service worker brought it up to date (sw.js does that in the
// background after a rebuild). On a page served from the device, offline-copy.js points search
// at the stored pages.
//
// Labels come from data attributes of the control, so every word stays in the theme's i18n.

const PREFIX = "kb-offline-";
const control = document.querySelector("[data-kb-offline]");

if (control) setUp(control);

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

async function storedSets() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX));
}

function setUp(root) {
  const $ = (selector) => root.querySelector(selector);
  const store = $("[data-kb-offline-store]");
  const remove = $("[data-kb-offline-remove]");
  const progress = $("[data-kb-offline-progress]");
  const status = $("[data-kb-offline-status]");
  const state = $("[data-kb-offline-state]");
  const labels = root.dataset;
  $("[data-kb-offline-needs-script]").hidden = true;
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    state.textContent = labels.kbLabelUnsupported;
    state.hidden = false;
    return;
  }
  const size = (bytes) =>
    new Intl.NumberFormat(labels.kbLocale, {
      style: "unit",
      unit: bytes >= 1e6 ? "megabyte" : "kilobyte",
      maximumFractionDigits: 1,
    }).format(bytes >= 1e6 ? bytes / 1e6 : Math.max(1, Math.round(bytes / 1e3)));

  /** "2 december 2026", from the stored manifest's `YYYY-MM-DD`. */
  const day = (iso) =>
    new Intl.DateTimeFormat(labels.kbLocale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(`${iso}T12:00:00Z`),
    );

  /** The build date of the stored copy, or null when its manifest is not there. */
  async function storedDate() {
    const response = await caches.match(new URL(labels.kbManifest, location.href).href);
    if (!response) return null;
    const manifest = await response.json();
    return manifest.build_date ? day(manifest.build_date) : null;
  }

  /** Whether the service worker controls this page, waiting for it up to `ms`. */
  function controlled(ms = 10_000) {
    if (navigator.serviceWorker.controller) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(navigator.serviceWorker.controller !== null), ms);
      navigator.serviceWorker.addEventListener(
        "controllerchange",
        () => {
          clearTimeout(timer);
          resolve(true);
        },
        { once: true },
      );
    });
  }

  async function show() {
    const has = (await storedSets()).length > 0;
    const date = has ? await storedDate() : null;
    state.textContent = has ? fill(date ? labels.kbLabelStoredDate : labels.kbLabelStored, { date }) : "";
    state.hidden = !has;
    store.hidden = false;
    remove.hidden = !has;
  }

  navigator.serviceWorker.addEventListener("message", async (event) => {
    if (event.data?.type !== "kb-offline-updated") return;
    await show();
    status.textContent = fill(labels.kbLabelUpdated, { date: day(event.data.buildDate) });
  });

  store.addEventListener("click", async () => {
    store.disabled = true;
    remove.disabled = true;
    let name = null;
    try {
      const manifest = await (await fetch(labels.kbManifest, { cache: "no-store" })).json();
      name = PREFIX + manifest.version;
      for (const old of await storedSets()) await caches.delete(old);
      const cache = await caches.open(name);
      const total = manifest.files.length;
      progress.max = total;
      progress.value = 0;
      progress.hidden = false;
      let announced = 0;
      for (const [done, url] of manifest.files.entries()) {
        const response = await fetch(url, { cache: "no-store" });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await cache.put(url, response);
        progress.value = done + 1;
        // A quarter at a time: an announcement per file would drown a screen reader.
        if ((done + 1) / total >= announced + 0.25) {
          announced = Math.floor(((done + 1) / total) * 4) / 4;
          status.textContent = fill(labels.kbLabelProgress, { done: done + 1, total });
        }
      }
      await cache.put(labels.kbManifest, new Response(JSON.stringify(manifest), { headers: { "Content-Type": "application/json" } }));
      await navigator.serviceWorker.register(labels.kbWorker, { scope: labels.kbScope });
      // "Done" only once the worker controls this page (sw.js claims it on activation): before
      // that, a page opened without a network would not come from the stored copy.
      const ready = await controlled();
      // The stored copy's line first, so that "Klaar." is never announced beside an old state.
      await show();
      status.textContent = ready
        ? fill(labels.kbLabelDone, { size: size(manifest.bytes) })
        : fill(labels.kbLabelNotReady, { size: size(manifest.bytes) });
    } catch (error) {
      if (name) await caches.delete(name);
      status.textContent = labels.kbLabelFailed;
      console.warn("offline:", error);
    } finally {
      progress.hidden = true;
      store.disabled = false;
      remove.disabled = false;
      await show();
    }
  });

  remove.addEventListener("click", async () => {
    for (const name of await storedSets()) await caches.delete(name);
    const registration = await navigator.serviceWorker.getRegistration(labels.kbScope);
    if (registration) await registration.unregister();
    status.textContent = labels.kbLabelRemoved;
    await show();
    store.focus();
  });

  show();
}
