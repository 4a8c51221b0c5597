// Result tables: the same markup as the server's (service/sparql_html.py), sortable by
// clicking a header, with IRIs linking to this host's entity pages and showing labels.

const STRING_TYPES = new Set([
  "http://www.w3.org/2001/XMLSchema#string",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
]);
const LINKABLE = new Set(["http", "https", "mailto"]);
const NOT_IN_IRIREF = /[\u0000-\u0020<>"{}|^`\\]/u;
const collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });

/** The link target of an IRI on this host, or null: mirrors links.href_for on the server. */
export function hrefFor(config, iri) {
  if (iri.startsWith(config.base)) {
    let rest = iri.slice(config.base.length);
    if (rest.startsWith("id/")) rest = `doc/${rest.slice(3)}`;
    return `${config.root}/${rest.replace(/[^A-Za-z0-9/#?=&%:@!$'()*+,;~._-]/gu, encodeURIComponent)}`;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(iri);
  return scheme && LINKABLE.has(scheme[1].toLowerCase()) ? iri : null;
}

/** ``prefix:local`` for an IRI when one of the prefixes covers it: mirrors vocabulary.curie. */
export function curie(config, iri) {
  const namespaces = Object.entries(config.curies).sort((a, b) => b[1].length - a[1].length);
  for (const [prefix, namespace] of namespaces) {
    const local = iri.slice(namespace.length);
    if (iri.startsWith(namespace) && !local.includes("/")) return `${prefix}:${local}`;
  }
  return iri;
}

export function isIriRef(iri) {
  return iri !== "" && !NOT_IN_IRIREF.test(iri);
}

/** A <table class="results"> for variables and rows of SPARQL JSON bindings. */
export function resultTable(config, variables, rows, truncated) {
  const table = element("table", { class: "results", "data-truncated": String(truncated) });
  const head = element("tr");
  for (const name of variables) head.append(element("th", {}, `?${name}`));
  const body = element("tbody");
  for (const row of rows) {
    const tr = element("tr");
    for (const name of variables) tr.append(cell(config, row[name]));
    body.append(tr);
  }
  table.append(element("thead", {}, head), body);
  return table;
}

function cell(config, term) {
  const td = element("td");
  if (!term) return td;
  if (term.type === "uri") {
    const href = hrefFor(config, term.value);
    const text = curie(config, term.value);
    const attributes = { title: term.value, "data-iri": term.value };
    td.append(href ? element("a", { ...attributes, href }, text) : element("span", { ...attributes, class: "iri" }, text));
  } else if (term.type === "literal" || term.type === "typed-literal") {
    td.dataset.sort = term.value;
    td.append(term.value);
    if (term["xml:lang"]) td.append(element("sup", { class: "lang" }, `@${term["xml:lang"]}`));
    else if (term.datatype && !STRING_TYPES.has(term.datatype)) {
      td.append(element("sup", { class: "datatype" }, `^^${curie(config, term.datatype)}`));
    }
  } else {
    td.append(element("code", {}, term.type === "bnode" ? `_:${term.value}` : JSON.stringify(term.value)));
  }
  return td;
}

/** Replace the text of IRI links with their labels: {iri: label}. */
export function applyLabels(root, labels) {
  for (const node of root.querySelectorAll("[data-iri]")) {
    const label = labels[node.dataset.iri];
    if (label) node.textContent = label;
  }
}

/** Make every header of a result table a button that sorts by its column. */
export function makeSortable(table) {
  const headers = [...table.tHead.rows[0].cells];
  headers.forEach((th, index) => {
    const button = element("button", { type: "button", title: "Sorteer op deze kolom" }, th.textContent);
    th.replaceChildren(button);
    button.addEventListener("click", () => sortBy(table, headers, index));
  });
}

function sortBy(table, headers, index) {
  const th = headers[index];
  const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
  for (const other of headers) other.removeAttribute("aria-sort");
  th.setAttribute("aria-sort", direction);
  const sign = direction === "ascending" ? 1 : -1;
  const body = table.tBodies[0];
  const keyed = [...body.rows].map((row) => [sortKey(row.cells[index]), row]);
  keyed.sort((a, b) => compare(a[0], b[0], sign));
  body.append(...keyed.map(([, row]) => row));
}

function sortKey(td) {
  if (!td) return "";
  if (td.dataset.sort !== undefined) return td.dataset.sort;
  const copy = td.cloneNode(true);
  for (const sup of copy.querySelectorAll("sup")) sup.remove();
  return copy.textContent.trim();
}

/** Numbers as numbers, text in Dutch order; empty cells last in either direction. */
export function compare(a, b, sign = 1) {
  if (a === "" || b === "") return (a === "") - (b === "");
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return sign * (x - y);
  return sign * collator.compare(a, b);
}

export function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}
