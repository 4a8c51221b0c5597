// SPARQL syntax highlighting: a small tokenizer and the HTML of the highlighted layer.
// Token rules follow the SPARQL 1.1 grammar closely enough for colouring; they never
// have to reject anything, the endpoint's parser does that.

const KEYWORDS = new Set(
  ("BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED ORDER BY ASC DESC LIMIT OFFSET " +
    "DISTINCT REDUCED OPTIONAL UNION MINUS GRAPH SERVICE SILENT FILTER BIND VALUES AS GROUP HAVING " +
    "NOT IN EXISTS UNDEF SEPARATOR").split(" "),
);
const FUNCTIONS = new Set(
  ("STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE " +
    "LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES " +
    "SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT " +
    "SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE " +
    "GROUP_CONCAT").split(" "),
);
export const ALL_KEYWORDS = [...KEYWORDS, ...FUNCTIONS];

const NAME = "[\\p{L}\\p{N}_-]";
const RULES = [
  ["comment", /#[^\n]*/y],
  ["string", /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?/y],
  ["iri", /<[^<>"{}|^`\\\s]*>/y],
  ["variable", /[?$][\p{L}\p{N}_]+/uy],
  ["pname", new RegExp(`(?:\\p{L}${NAME}*(?:\\.${NAME}+)*)?:(?:[\\p{L}\\p{N}_%-]+(?:\\.[\\p{L}\\p{N}_%-]+)*)?`, "uy")],
  ["lang", /@[A-Za-z]+(?:-[A-Za-z0-9]+)*/y],
  ["number", /(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/y],
  ["word", /[\p{L}_][\p{L}\p{N}_]*/uy],
  ["punct", /\^\^|&&|\|\||[{}()[\].,;*=<>!|+\/^-]/y],
  ["space", /\s+/y],
];

/** Split SPARQL text into [type, text] tokens that together are exactly the text. */
export function tokenize(text) {
  const tokens = [];
  let at = 0;
  while (at < text.length) {
    const [type, length] = match(text, at);
    tokens.push([type, text.slice(at, at + length)]);
    at += length;
  }
  return tokens;
}

function match(text, at) {
  for (const [type, rule] of RULES) {
    rule.lastIndex = at;
    const found = rule.exec(text);
    if (found && found[0].length > 0) {
      return [type === "word" ? wordType(found[0]) : type, found[0].length];
    }
  }
  return ["text", 1];
}

function wordType(word) {
  const upper = word.toUpperCase();
  if (word === "a" || KEYWORDS.has(upper)) return "keyword";
  if (FUNCTIONS.has(upper)) return "function";
  if (word === "true" || word === "false") return "boolean";
  return "text";
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
export function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

/** The highlighted layer's HTML for a query (every piece escaped); the token at ``mark`` is marked as the error. */
export function highlight(text, mark = -1) {
  let at = 0;
  const pieces = tokenize(text).map(([type, token]) => {
    const html = span(type, token);
    const marked = mark >= at && mark < at + token.length;
    at += token.length;
    return marked ? `<mark class="tok-error">${html}</mark>` : html;
  });
  const html = pieces.join("");
  // a final newline needs a character after it, or the layer is one line short
  return text.endsWith("\n") || text === "" ? html + " " : html;
}

function span(type, token) {
  if (type === "space" || type === "text") return escapeHtml(token);
  if (type === "pname") {
    const colon = token.indexOf(":") + 1;
    return (
      `<span class="tok-pname"><span class="tok-prefix">${escapeHtml(token.slice(0, colon))}</span>` +
      `${escapeHtml(token.slice(colon))}</span>`
    );
  }
  return `<span class="tok-${type}">${escapeHtml(token)}</span>`;
}
