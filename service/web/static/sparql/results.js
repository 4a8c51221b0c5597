// Running a query from the page: POST it to the endpoint, read SPARQL JSON (or N-Triples
// for CONSTRUCT/DESCRIBE), show a sortable table capped at MAX_ROWS with the same
// "Afgekapt" notice as the server, download links for every format, and labels. An error
// reads as the same Dutch sentence as on the server (service/web/error_text.py), with the
// parser's line and column, which the editor then marks.

import { applyLabels, element, isIriRef, makeSortable, resultTable } from "./table.js";

const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1";
// the label query must stay well under the endpoint's MAX_QUERY_BYTES (100 kB by default)
const MAX_LABEL_QUERY = 60000;

/** Run ``query`` and show its answer in ``target``. */
export async function run(config, query, target) {
  target.replaceChildren(element("h2", {}, "Resultaat"), element("p", { class: "status" }, "Bezig…"));
  const started = performance.now();
  let response;
  try {
    response = await fetch(config.endpoint, {
      method: "POST",
      headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query }),
    });
  } catch (error) {
    return showError(target, "Het SPARQL-endpoint is niet bereikbaar.", error.message, query);
  }
  if (!response.ok) {
    const message = (await response.text()).trim();
    return showError(target, sentenceFor(response.status, message), message, query);
  }
  const answer = await read(response);
  show(config, query, target, answer, Math.round(performance.now() - started));
  if (answer.rows) await label(config, target);
}

async function read(response) {
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) {
    const data = await response.json();
    if ("boolean" in data) return { kind: "results", boolean: data.boolean };
    return { kind: "results", variables: data.head.vars, rows: data.results.bindings };
  }
  return { kind: "graph", variables: ["subject", "predicate", "object"], rows: parseNTriples(await response.text()) };
}

function show(config, query, target, answer, milliseconds) {
  const parts = [element("h2", {}, "Resultaat"), downloads(config, query, answer.kind)];
  if (answer.rows === undefined) {
    parts.push(element("p", { class: "boolean" }, answer.boolean ? "ja (true)" : "nee (false)"));
  } else {
    const truncated = answer.rows.length > config.maxRows;
    const rows = answer.rows.slice(0, config.maxRows);
    parts.push(element("p", { class: "status" }, `${rowsText(answer.rows.length)}, ${milliseconds} ms`));
    if (truncated) parts.push(truncatedNotice(config.maxRows));
    const table = resultTable(config, answer.variables, rows, truncated);
    parts.push(element("div", { class: "table-wrap" }, table), element("p", { class: "count" }, rowsText(rows.length)));
    makeSortable(table);
  }
  parts.push(citeLink(config, query));
  target.replaceChildren(...parts);
}

/** The citation (query, release, checksum) is made by the server: a link to its rendering of this result. */
function citeLink(config, query) {
  const href = `${config.endpoint}?${new URLSearchParams({ query, format: "html" })}#citeer`;
  return element("p", { class: "cite-link" }, element("a", { href }, "Citeer dit resultaat"), " (met release en controlegetal)");
}

function truncatedNotice(maxRows) {
  return element(
    "p",
    { class: "truncated", role: "status" },
    element("strong", {}, "Afgekapt:"),
    ` de eerste ${maxRows} rijen. Download CSV, TSV of JSON voor alle rijen.`,
  );
}

/** The number of rows as Dutch says it, like render/results_html.rows_text. */
export function rowsText(count) {
  return count === 1 ? "1 rij" : `${count} rijen`;
}

/** Plain links to the endpoint, one per format: they work without this script too. */
export function downloads(config, query, kind) {
  const paragraph = element("p", { class: "downloads" }, "Downloaden als ");
  for (const [label, format, suffix] of config.downloads[kind]) {
    const href = `${config.endpoint}?${new URLSearchParams({ query, format })}`;
    paragraph.append(element("a", { class: "download", href, download: `resultaat.${suffix}` }, label));
  }
  return paragraph;
}

const POSITION = /\berror at (\d+):(\d+)\b/;
const BY_STATUS = {
  400: "De aanvraag is niet geldig.",
  403: "Deze server voert deze query niet uit.",
  404: "Dat is hier niet te vinden.",
  405: "Deze manier van aanvragen wordt niet ondersteund.",
  406: "Dit resultaat is niet in het gevraagde formaat te krijgen.",
  413: "De query is te groot voor deze server.",
  415: "Deze server kan dit soort aanvraag niet lezen.",
  503: "De kennisgraaf is nu niet beschikbaar. Probeer het later opnieuw.",
};

/** The Dutch sentence for an error answer, as error_text.page_error makes it on the server. */
export function sentenceFor(status, message) {
  const found = POSITION.exec(message);
  if (found) return `De query bevat een fout op regel ${found[1]}, kolom ${found[2]}.`;
  if (status === 403 && /\b(SERVICE|LOAD)\b/.test(message)) {
    return "Deze server haalt geen gegevens op bij andere bronnen (SERVICE of LOAD) die de beheerder niet heeft toegestaan.";
  }
  if (status === 503 && /stopped/.test(message)) {
    return "De query duurde te lang en is gestopt. Probeer het opnieuw, of maak de vraag kleiner (bijvoorbeeld met LIMIT).";
  }
  return BY_STATUS[status] || "Bij het uitvoeren van de query ging op de server iets mis.";
}

/** The character to mark for a 1-based column: the parser may point just past the culprit. */
export function markedIndex(text, column) {
  let index = Math.min(Math.max(column - 1, 0), text.length);
  while (index > 0 && (index >= text.length || /\s/.test(text[index]))) index -= 1;
  return index;
}

function showError(target, sentence, message, query) {
  const found = POSITION.exec(message);
  const attributes = { class: "error-sentence" };
  const parts = [element("h2", {}, "Fout")];
  if (found) {
    Object.assign(attributes, { "data-line": found[1], "data-column": found[2] });
    const text = query.replace(/\r\n/g, "\n").split("\n")[Number(found[1]) - 1];
    if (text !== undefined) {
      const padding = text.slice(0, markedIndex(text, Number(found[2]))).replace(/[^\t]/g, " ");
      parts.push(element("p", attributes, sentence));
      parts.push(element("pre", { class: "error-context" }, `${text}\n${padding}^`));
    }
  }
  if (parts.length === 1) parts.push(element("p", attributes, sentence));
  parts.push(element("p", { class: "muted" }, "Melding van de server:"), element("pre", { class: "error" }, message));
  target.replaceChildren(...parts);
}

/** One extra query fetches labels for the IRIs on screen (Dutch first, as on the server). */
async function label(config, target) {
  const values = [];
  let size = config.labelQuery.length;
  for (const iri of new Set([...target.querySelectorAll("[data-iri]")].map((node) => node.dataset.iri))) {
    size += iri.length + 3;
    if (size > MAX_LABEL_QUERY) break;
    if (isIriRef(iri)) values.push(`<${iri}>`);
  }
  if (!values.length) return;
  const query = config.labelQuery.replace("%IRIS%", values.join(" "));
  try {
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers: { Accept: "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query }),
    });
    if (response.ok) applyLabels(target, bestLabels((await response.json()).results.bindings));
  } catch {
    // labels are decoration; the prefixed names stay
  }
}

function bestLabels(bindings) {
  const rank = { nl: 0, "": 1 };
  const best = {};
  for (const row of bindings) {
    const score = rank[(row.label["xml:lang"] || "").toLowerCase()] ?? 2;
    const iri = row.iri.value;
    if (!(iri in best) || score < best[iri][0]) best[iri] = [score, row.label.value];
  }
  return Object.fromEntries(Object.entries(best).map(([iri, [, value]]) => [iri, value]));
}

const TERM = String.raw`<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?`;
const TRIPLE = new RegExp(String.raw`^\s*(${TERM})\s+(${TERM})\s+(${TERM})\s*\.\s*$`);

/** N-Triples lines -> rows of SPARQL JSON terms (subject, predicate, object). */
export function parseNTriples(text) {
  const rows = [];
  for (const line of text.split("\n")) {
    const found = TRIPLE.exec(line);
    if (!found) continue;
    const terms = [1, 7, 13].map((at) => term(found.slice(at + 1, at + 6)));
    rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
  }
  return rows;
}

function term([iri, blank, literal, language, datatype]) {
  if (iri !== undefined) return { type: "uri", value: unescape(iri) };
  if (blank !== undefined) return { type: "bnode", value: blank };
  const value = { type: "literal", value: unescape(literal) };
  if (language) value["xml:lang"] = language;
  if (datatype) value.datatype = datatype;
  return value;
}

function unescape(text) {
  return text.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, code) => {
    if (code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f" }[code] ?? code;
  });
}
