// Completion for the query editor: our prefixes, SPARQL keywords and, after a prefix
// such as "sdo:", the ontology's classes and properties with their Dutch labels.

import { ALL_KEYWORDS, tokenize } from "./highlight.js";

const LIMIT = 60;

/** The word being typed before the caret, or null where nothing should be completed. */
export function wordAt(text, caret) {
  const before = text.slice(0, caret);
  const tokens = tokenize(before);
  const last = tokens.length ? tokens[tokens.length - 1][0] : "space";
  if (last === "comment" || last === "string" || last === "variable" || /<[^>\s]*$/.test(before)) return null;
  const found = /(?:[\p{L}_][\p{L}\p{N}_.-]*)?:?[\p{L}\p{N}_.%-]*$/u.exec(before);
  const word = found ? found[0] : "";
  if (/^[?$<]/.test(before.slice(caret - word.length - 1, caret - word.length))) return null;
  const colon = word.indexOf(":");
  return {
    start: caret - word.length,
    word,
    prefix: colon >= 0 ? word.slice(0, colon) : null,
    local: colon >= 0 ? word.slice(colon + 1) : word,
  };
}

/** Candidates for a word: [{insert, detail, kind}], best first. */
export function candidates(at, vocabulary, explicit) {
  if (at === null) return [];
  if (at.prefix !== null) return termCandidates(at, vocabulary.terms);
  if (!explicit && at.word.length < 2) return [];
  const lower = at.word.toLowerCase();
  const prefixes = Object.keys(vocabulary.prefixes)
    .filter((p) => p.toLowerCase().startsWith(lower))
    .sort()
    .map((p) => ({ insert: `${p}:`, detail: vocabulary.prefixes[p], kind: "prefix" }));
  const keywords = ALL_KEYWORDS.filter((k) => k.toLowerCase().startsWith(lower) && at.word.length >= 2).map(
    (k) => ({ insert: k, detail: "", kind: "SPARQL" }),
  );
  return [...prefixes, ...keywords].slice(0, LIMIT);
}

function termCandidates(at, terms) {
  const lead = `${at.prefix}:`;
  const local = at.local.toLowerCase();
  const scored = [];
  for (const term of terms) {
    if (!term.name.startsWith(lead)) continue;
    const name = term.name.slice(lead.length).toLowerCase();
    const label = (term.label || "").toLowerCase();
    const score = name.startsWith(local) ? 0 : name.includes(local) || label.includes(local) ? 1 : -1;
    if (score >= 0) scored.push([score, term]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
  return scored.slice(0, LIMIT).map(([, t]) => ({ insert: t.name, detail: t.label || "", kind: t.kind }));
}

/** The completion list under the caret, driven by the editor's keys. */
export class Completer {
  constructor(textarea, list, vocabulary, onAccept) {
    this.textarea = textarea;
    this.list = list;
    this.vocabulary = vocabulary;
    this.onAccept = onAccept;
    this.items = [];
    this.active = 0;
    this.at = null;
    list.addEventListener("mousedown", (event) => event.preventDefault()); // keep the caret in the editor
    list.addEventListener("click", (event) => {
      const option = event.target.closest("li");
      if (option) this.accept(Number(option.dataset.index));
    });
  }

  get open() {
    return !this.list.hidden;
  }

  /** Look at the word before the caret and show what fits (or close). */
  update(explicit = false) {
    const { value, selectionStart, selectionEnd } = this.textarea;
    this.at = selectionStart === selectionEnd ? wordAt(value, selectionStart) : null;
    this.items = candidates(this.at, this.vocabulary, explicit);
    const exact = this.items.length === 1 && this.items[0].insert === this.at.word;
    if (!this.items.length || exact) return this.close();
    this.active = 0;
    this.render();
    this.place();
  }

  render() {
    this.list.replaceChildren(
      ...this.items.map((item, index) => {
        const option = document.createElement("li");
        option.id = `completion-${index}`;
        option.setAttribute("role", "option");
        option.dataset.index = String(index);
        option.setAttribute("aria-selected", String(index === this.active));
        const code = document.createElement("code");
        code.textContent = item.insert;
        const detail = document.createElement("span");
        detail.textContent = item.detail;
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = item.kind;
        option.append(code, detail, kind);
        return option;
      }),
    );
    this.list.hidden = false;
    this.textarea.setAttribute("aria-expanded", "true");
    this.textarea.setAttribute("aria-activedescendant", `completion-${this.active}`);
  }

  /** Put the list just below the caret (monospace text: column × character width). */
  place() {
    const style = getComputedStyle(this.textarea);
    const lines = this.textarea.value.slice(0, this.at.start).split("\n");
    const column = lines[lines.length - 1].replace(/\t/g, "  ").length;
    const left = parseFloat(style.paddingLeft) + column * charWidth(style) - this.textarea.scrollLeft;
    const top = parseFloat(style.paddingTop) + lines.length * parseFloat(style.lineHeight) - this.textarea.scrollTop;
    const room = this.textarea.clientWidth - this.list.offsetWidth;
    this.list.style.left = `${Math.max(0, Math.min(left, room))}px`;
    this.list.style.top = `${top + 2}px`;
  }

  move(step) {
    this.active = (this.active + step + this.items.length) % this.items.length;
    for (const option of this.list.children) {
      option.setAttribute("aria-selected", String(Number(option.dataset.index) === this.active));
    }
    this.list.children[this.active].scrollIntoView({ block: "nearest" });
    this.textarea.setAttribute("aria-activedescendant", `completion-${this.active}`);
  }

  accept(index = this.active) {
    const item = this.items[index];
    const { start } = this.at;
    this.close();
    this.onAccept(start, this.textarea.selectionStart, item.insert);
    if (item.kind === "prefix") this.update(true); // "sdo:" goes on to its terms
  }

  close() {
    this.list.hidden = true;
    this.items = [];
    this.textarea.setAttribute("aria-expanded", "false");
    this.textarea.removeAttribute("aria-activedescendant");
  }

  /** Keys while the list is open; true when the key was used here. */
  handleKey(event) {
    if (!this.open) return false;
    const actions = {
      ArrowDown: () => this.move(1),
      ArrowUp: () => this.move(-1),
      Enter: () => this.accept(),
      Tab: () => this.accept(),
      Escape: () => this.close(),
    };
    const action = actions[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return false;
    event.preventDefault();
    action();
    return true;
  }
}

let measured = null;
function charWidth(style) {
  if (measured === null) {
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontSize} ${style.fontFamily}`;
    measured = context.measureText("0".repeat(40)).width / 40;
  }
  return measured;
}
