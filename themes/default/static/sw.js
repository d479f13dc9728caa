// kennisbank's service worker. It is registered only when a reader clicks "Offline bewaren"
// (js/offline.js stores the files of /offline/manifest.json in a cache named after the
// manifest's version) and unregistered by "Verwijder offline kopie".
//
// It stores nothing the reader did not choose: pages for the public are not in the manifest,
// and a page the reader merely visits is not kept.
// - Pages (navigations) and manifests: network first. With a network, guidance is never
//   served stale; without one, the stored copy, marked with `data-kb-offline-copy` on <html>
//   so that the page can say it is a copy and of which date.
// - Everything else (fingerprinted css and js, the search files, images): the stored copy
//   first, else the network.
// - A request with `cache: "no-store"` (offline.js storing a new set) always goes to the network.
// - After a page came from the network, the stored set is brought up to date in the
//   background when the site was rebuilt (the manifest's version changed): the new build's
//   files of the sections the reader stored, into a new cache that replaces the old one only
//   when it is complete. A page of a section the reader did not store is never added.

const PREFIX = "kb-offline-";
const MANIFEST = new URL("offline/manifest.json", self.registration.scope).href;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.cache === "no-store") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" || url.pathname.endsWith("manifest.json")) {
    event.respondWith(networkFirst(request, event));
  } else {
    event.respondWith(storedFirst(request));
  }
});

async function storedSets() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX));
}

/** The stored response for `request`, from any offline set on the device. */
async function stored(request) {
  for (const name of await storedSets()) {
    const found = await (await caches.open(name)).match(request, { ignoreSearch: true });
    if (found) return found;
  }
  return undefined;
}

async function networkFirst(request, event) {
  try {
    const response = await fetch(request);
    if (request.mode === "navigate") event.waitUntil(refresh());
    return response;
  } catch (offline) {
    const copy = await stored(request);
    if (!copy) throw offline;
    if (request.mode !== "navigate") return copy;
    const html = await copy.text();
    return new Response(html.replace("<html ", "<html data-kb-offline-copy "), {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }
}

async function storedFirst(request) {
  return (await stored(request)) || fetch(request);
}

let refreshing = null;

/** Brings the stored set up to date, once at a time. */
function refresh() {
  refreshing ??= bringUpToDate()
    .catch((error) => console.warn("offline: the stored copy was not updated:", error))
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function bringUpToDate() {
  const [current] = await storedSets();
  if (!current) return;
  const old = await (await caches.open(current)).match(MANIFEST);
  const stored = old ? await old.json() : null;
  const response = await fetch(MANIFEST, { cache: "no-store" });
  if (!response.ok) return;
  const manifest = await response.json();
  if (stored && stored.version === manifest.version) return;
  // A name of its own, so that a set the reader stores meanwhile never shares it.
  const name = `${PREFIX}${manifest.version}-updated`;
  // The sections the reader stored: a page of another section stays off the device.
  const chosen = (stored && stored.sections) || manifest.sections || [];
  const pages = new Set(manifest.pages);
  const files = manifest.files.filter((url) => !pages.has(url) || chosen.some((section) => url.startsWith(section)));
  const cache = await caches.open(name);
  try {
    for (const url of files) {
      // The reader removed the copy meanwhile: store nothing.
      if (!(await caches.has(current))) throw new Error("the offline copy was removed");
      const file = await fetch(url, { cache: "no-store" });
      if (!file.ok) throw new Error(`${url}: HTTP ${file.status}`);
      await cache.put(url, file);
    }
    const kept = { ...manifest, sections: chosen, pages: manifest.pages.filter((url) => files.includes(url)), files };
    await cache.put(MANIFEST, new Response(JSON.stringify(kept), { headers: { "Content-Type": "application/json" } }));
    if (!(await caches.has(current))) throw new Error("the offline copy was removed");
  } catch (error) {
    await caches.delete(name);
    throw error;
  }
  for (const other of await storedSets()) if (other !== name) await caches.delete(other);
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "kb-offline-updated", buildDate: manifest.build_date });
  }
}
