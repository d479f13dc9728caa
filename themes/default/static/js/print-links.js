// On paper a link is only as good as the address printed after it: the print styles show it,
// and here each link in page text gets its full address (https://domain/path, not "/path") in
// `data-kb-print-href`, so that a reader of the printout can type it in. Links within the page,
// phone numbers and e-mail addresses are left as they are.
for (const link of document.querySelectorAll(".kb-prose a[href]")) {
  const href = link.getAttribute("href");
  if (/^(#|tel:|mailto:)/.test(href)) continue;
  link.dataset.kbPrintHref = link.href;
}
