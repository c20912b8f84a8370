// A C tokenizer for CodeMirror's StreamLanguage. The legacy-modes clike module defines a
// dozen languages in one file that cannot be tree-shaken (22 KB of the bundle); C needs
// only these rules. Token names are StreamLanguage's legacy ones ("keyword", "type", ...),
// which defaultHighlightStyle colours.

const words = (text) => new Set(text.split(" "));

const KEYWORDS = words(
  "auto break case const continue default do else enum extern for goto if inline register " +
    "restrict return sizeof static struct switch typedef union volatile while _Alignas " +
    "_Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local",
);
const TYPES = words(
  "char double float int long short signed unsigned void _Bool bool size_t ssize_t " +
    "ptrdiff_t intptr_t uintptr_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t " +
    "uint64_t FILE pthread_t pthread_mutex_t",
);
const ATOMS = words("NULL true false EOF stdin stdout stderr");

/** Skips a string or character literal's rest, up to its closing `quote`. */
function quoted(stream, quote) {
  let escaped = false;
  let ch;
  while ((ch = stream.next()) != null) {
    if (ch === quote && !escaped) return;
    escaped = !escaped && ch === "\\";
  }
}

export const cLanguage = {
  name: "c",
  startState: () => ({
    // Inside a /* comment */ that goes on past this line.
    comment: false,
    // Inside a #directive continued with a backslash.
    directive: false,
    // Open braces before this point, for indentation.
    depth: 0,
    // The last significant character: a statement continues on the next line unless it
    // ended with one of ; { } or a label's colon.
    last: ";",
  }),
  copyState: (state) => ({ ...state }),
  token(stream, state) {
    if (state.comment) {
      state.comment = !stream.match(/^.*?\*\//);
      if (state.comment) stream.skipToEnd();
      return "comment";
    }
    if (stream.sol() && !state.directive && stream.match(/^\s*#/)) {
      state.directive = true;
    }
    if (state.directive) {
      stream.skipToEnd();
      state.directive = stream.current().endsWith("\\");
      return "meta";
    }
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match("/*")) {
      state.comment = !stream.match(/^.*?\*\//);
      if (state.comment) stream.skipToEnd();
      return "comment";
    }
    const ch = stream.next();
    state.last = ch;
    if (ch === '"' || ch === "'") {
      quoted(stream, ch);
      return "string";
    }
    if (/\d/.test(ch) || (ch === "." && stream.match(/^\d/, false))) {
      stream.match(/^(?:x[\da-f]+|[\d.]*(?:e[+-]?\d+)?)[uUlLfF]*/i);
      return "number";
    }
    if (/[\w$]/.test(ch)) {
      stream.eatWhile(/[\w$]/);
      const word = stream.current();
      if (KEYWORDS.has(word)) return "keyword";
      if (TYPES.has(word)) return "type";
      if (ATOMS.has(word)) return "atom";
      return "variable";
    }
    if (ch === "{") state.depth += 1;
    if (ch === "}") state.depth = Math.max(0, state.depth - 1);
    if ("{}()[];,".includes(ch)) return null;
    stream.eatWhile(/[-+*/%=<>!&|^~?:]/);
    return "operator";
  },
  indent(state, textAfter, context) {
    if (state.comment) return null;
    const closing = /^\s*}/.test(textAfter) ? 1 : 0;
    const continued = !/[;{}:]/.test(state.last) && !/^\s*{/.test(textAfter) ? 1 : 0;
    return Math.max(0, state.depth - closing + continued) * context.unit;
  },
  languageData: {
    commentTokens: { line: "//", block: { open: "/*", close: "*/" } },
    indentOnInput: /^\s*[{}]$/,
    closeBrackets: { brackets: ["(", "[", "{", "'", '"'] },
  },
};
