// "Citeer dit": fill in the reader's access date. The server writes a placeholder (the
// pages are cached and the same for everyone); this script replaces it with today's date
// in the form each style wants, when the page is shown and again when a citation is copied,
// so a text copied days later names the day it was copied. Without JavaScript the
// placeholder stays. service/render/citation.py (accessed_forms) formats the same way.
// A module, so a page that includes it twice runs it once.

const PLACEHOLDER = "[datum van raadplegen]";
const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];

function pad(number) {
  return String(number).padStart(2, "0");
}

/** The access date as style ``style`` writes it: APA in Dutch words, BibTeX ISO, RIS with slashes. */
function accessed(style, day = new Date()) {
  const y = day.getFullYear(), m = day.getMonth() + 1, d = day.getDate();
  if (style === "apa") return `${d} ${MONTHS[m - 1]} ${y}`;
  if (style === "ris") return `${y}/${pad(m)}/${pad(d)}`;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const originals = new Map();
const shown = new Map();

/** Put today's date into every citation text (from its original, so it can be refilled). */
function fill() {
  for (const block of document.querySelectorAll(".cite-text[data-cite-style]")) {
    if (!originals.has(block)) originals.set(block, block.textContent);
    const date = accessed(block.dataset.citeStyle);
    if (shown.get(block) !== date) {
      block.textContent = originals.get(block).split(PLACEHOLDER).join(date);
      shown.set(block, date);
    }
  }
  document.documentElement.dataset.citeAccessed = accessed("bibtex");
}

/** A copy of (part of) a citation gets the date of the copy, even on a page left open for days. */
function onCopy(event) {
  const selection = document.getSelection();
  const node = selection && selection.anchorNode;
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  const block = element && element.closest(".cite-text");
  if (!block || !event.clipboardData) return;
  const before = shown.get(block);
  const text = selection.toString();
  fill();
  const now = shown.get(block);
  if (!before || before === now) return; // the browser copies the selection as it is
  event.clipboardData.setData("text/plain", text.split(before).join(now));
  event.preventDefault();
}

/** A "Kopieer" button beside each text, since the point is to paste it elsewhere. */
function addButtons() {
  if (!navigator.clipboard) return;
  for (const block of document.querySelectorAll("pre.cite-text[data-cite-style]")) {
    if (block.nextElementSibling && block.nextElementSibling.matches("button.cite-copy")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    button.textContent = "Kopieer";
    button.addEventListener("click", async () => {
      fill();
      await navigator.clipboard.writeText(block.textContent);
      button.textContent = "Gekopieerd";
    });
    block.after(button);
  }
}

fill();
addButtons();
window.addEventListener("pageshow", fill);
document.addEventListener("copy", onCopy);
