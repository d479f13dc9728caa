// kennisbank's service worker. It is registered only when a reader clicks "Offline bewaren"
// (js/offline.js stores the files of /offline/manifest.json in a cache named after the
// manifest's version) and unregistered by "Verwijder offline kopie".
//
// It never writes to a cache itself, so nothing outside the manifest is ever stored: pages for
// the public are not in the manifest, and a page the reader merely visits is not kept.
// - Pages (navigations) and manifests: network first. With a network, guidance is never
//   served stale; without one, the stored copy, marked with `data-kb-offline-copy` on <html>
//   so that offline.js can say it is a copy and of which date.
// - Everything else (fingerprinted css and js, the search files, images): the stored copy
//   first, else the network.
// - A request with `cache: "no-store"` (offline.js storing a new set) always goes to the network.

const PREFIX = "kb-offline-";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.cache === "no-store") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" || url.pathname.endsWith("manifest.json")) {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(storedFirst(request));
  }
});

/** The stored response for `request`, from any offline set on the device. */
async function stored(request) {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
  for (const name of names) {
    const found = await (await caches.open(name)).match(request, { ignoreSearch: true });
    if (found) return found;
  }
  return undefined;
}

async function networkFirst(request) {
  try {
    return await fetch(request);
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
