// The query page, enhanced: highlighting behind the textarea, completion, Ctrl+Enter to
// run, results as a sortable table, and the query kept in the URL. Without this script
// the form still works (the server renders the table), so everything here is optional.

import { Completer } from "./complete.js";
import { highlight } from "./highlight.js";
import { markedIndex, run } from "./results.js";
import { makeSortable } from "./table.js";

const config = JSON.parse(document.getElementById("sparql-config").textContent);
const form = document.getElementById("sparql-form");
const textarea = document.getElementById("query");
const results = document.getElementById("results");
const vocabulary = { prefixes: {}, terms: [] };
let errorAt = -1; // where the parser found the error in the query as it stands, or -1

/** Put the highlighted layer behind the textarea and keep the two in step. */
function enhanceEditor() {
  const editor = textarea.parentElement;
  const layer = document.createElement("pre");
  layer.setAttribute("aria-hidden", "true");
  layer.className = "highlight";
  editor.prepend(layer);
  editor.classList.add("enhanced");
  const repaint = () => {
    layer.innerHTML = highlight(textarea.value, errorAt);
    syncScroll();
  };
  const syncScroll = () => {
    layer.scrollTop = textarea.scrollTop;
    layer.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener("input", () => {
    errorAt = -1; // an edited query is no longer the one the parser read
    repaint();
  });
  textarea.addEventListener("scroll", syncScroll);
  repaint();
  return repaint;
}

function completionList() {
  const list = document.createElement("ul");
  list.id = "sparql-completions";
  list.className = "completions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Aanvullingen");
  list.hidden = true;
  textarea.parentElement.append(list);
  textarea.setAttribute("role", "combobox");
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", list.id);
  textarea.setAttribute("aria-expanded", "false");
  return list;
}

/** Insert text for a completion so that Ctrl+Z can undo it. */
function replaceRange(start, end, text) {
  textarea.focus();
  textarea.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, text)) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new Event("input"));
  }
}

/** The shareable URL of the query being edited (no format: a browser gets this page). */
function keepInUrl() {
  const query = textarea.value;
  const url = query.trim() ? `${config.endpoint}?${new URLSearchParams({ query })}` : config.endpoint;
  history.replaceState(null, "", url);
}

/** Prefixes and ontology terms for completion; a word typed meanwhile is completed once they arrive. */
async function loadVocabulary(completer) {
  vocabulary.prefixes = { ...config.curies };
  try {
    const response = await fetch(config.terms, { headers: { Accept: "application/json" } });
    if (response.ok) Object.assign(vocabulary, await response.json());
  } catch {
    // completion then offers prefixes only
  }
  if (document.activeElement === textarea) completer.update();
  document.documentElement.dataset.sparqlTerms = "ready";
}

/** Once edited, the query is no longer the example the page was opened with. */
function forgetExample() {
  document.querySelector(".example-note")?.remove();
  document.querySelector(":is(.examples, .federated-examples) a[aria-current]")?.removeAttribute("aria-current");
}

/** Mark in the editor the place the error shown names (its line and column), and put the caret there. */
function markError() {
  const named = results.querySelector(".error-sentence[data-line]");
  errorAt = -1;
  if (named) {
    const lines = textarea.value.split("\n");
    const line = Number(named.dataset.line) - 1;
    if (line < lines.length) {
      const before = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
      errorAt = before + markedIndex(lines[line], Number(named.dataset.column));
      textarea.setSelectionRange(errorAt, errorAt);
    }
  }
  repaint();
}

async function runQuery() {
  keepInUrl();
  await run(config, textarea.value, results);
  markError();
}

let inserting = false;

function wire(completer) {
  let typing = null;
  textarea.addEventListener("input", (event) => {
    if (inserting) return;
    if (event.inputType && event.inputType.startsWith("insert") && event.inputType !== "insertFromPaste") {
      completer.update();
    } else {
      completer.close();
    }
    clearTimeout(typing);
    typing = setTimeout(keepInUrl, 300);
    forgetExample();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      completer.close();
      runQuery();
    } else if (event.key === " " && event.ctrlKey) {
      event.preventDefault();
      completer.update(true);
    } else {
      completer.handleKey(event);
    }
  });
  textarea.addEventListener("blur", () => completer.close());
  textarea.addEventListener("click", () => completer.close());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runQuery();
  });
}

const repaint = enhanceEditor();
const completer = new Completer(textarea, completionList(), vocabulary, (start, end, text) => {
  inserting = true; // the accepted word must not reopen the list
  replaceRange(start, end, text);
  inserting = false;
  repaint();
  keepInUrl();
});
wire(completer);
for (const table of results.querySelectorAll("table.results")) makeSortable(table);
markError();
loadVocabulary(completer);
document.documentElement.dataset.sparqlEditor = "ready";
