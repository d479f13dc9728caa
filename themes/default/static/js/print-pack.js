// The print pack's "Afdrukken of bewaren als PDF" button: shown only where it can work.
const button = document.querySelector("[data-kb-print]");
if (button && typeof window.print === "function") {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
