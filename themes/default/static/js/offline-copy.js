// On a page the service worker served from the device (it marks <html> with
// `data-kb-offline-copy`), search runs over what was stored: the index of the stored pages,
// named by `<meta name="kb-offline-search-manifest">`, takes the place of the site's index, and
// the fallback to the default language's full index goes. The "Offline kopie van ..." notice
// shows through the stylesheet, without this script.
//
// Loaded before search-ui.js (module scripts run in document order), so that even the search
// page's first query, run as it loads, reads the stored index.

if (document.documentElement.hasAttribute("data-kb-offline-copy")) {
  const stored = document.querySelector('meta[name="kb-offline-search-manifest"]');
  const meta = document.querySelector('meta[name="kb-search-manifest"]');
  if (stored && meta) meta.content = stored.content;
  document.querySelector('meta[name="kb-search-fallback-manifest"]')?.remove();
}
