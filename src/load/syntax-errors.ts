/**
 * Syntax errors in the user's language. The `yaml` library reports the point where its parser noticed a problem,
 * often several errors for one mistake and often on the line above the one at fault; `JSON.parse` reports an offset.
 * These functions name the common mistakes (indentation, a missing "- " or ":", a tab, an unclosed quote or bracket,
 * a trailing comma, a comment in JSON), point at the line at fault, and keep the parser's words as a detail.
 */

/** A syntax problem: what to say, where (an offset into the text), and how to fix it. */
export interface SyntaxProblem {
  readonly message: string;
  readonly offset: number;
  readonly hint: string;
}

/** Start offsets of every line (the native search finds the line ends: a loop over every character took 0.2 s on 78 MB). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line of an offset, from lineStarts. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Where the innermost unclosed bracket (or an unclosed quote) opened before `end`, outside comments; -1 when none. */
function unclosedOpening(text: string, end: number, kind: 'bracket' | 'quote'): number {
  const stack: number[] = [];
  let quote: { char: string; at: number } | null = null;
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote.char === '"') i++;
      else if (c === quote.char) quote = null;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || (c === "'" && (i === 0 || /[\s[{,:]/.test(text[i - 1]!)))) quote = { char: c, at: i };
    else if (c === '[' || c === '{') stack.push(i);
    else if ((c === ']' || c === '}') && stack.length) stack.pop();
  }
  if (kind === 'quote') return quote ? quote.at : -1;
  return stack.length ? stack[stack.length - 1]! : -1;
}

/** The first YAML syntax error, in words; one mistake gives one message. */
export function yamlSyntaxProblem(text: string, error: { code: string; message: string; pos: readonly [number, number] }): SyntaxProblem {
  const starts = lineStarts(text);
  const lines = text.split('\n');
  const original = error.message.split('\n')[0]!.trim();
  const detail = `the YAML parser says: ${original}`;
  const at = error.pos[0];
  const row = lineOf(starts, Math.min(at, Math.max(text.length - 1, 0)));
  const lineText = lines[row] ?? '';
  const startOfLine = (r: number): number => (starts[r] ?? 0) + indentOf(lines[r] ?? '');
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { message: 'a tab indents this line; YAML indents with spaces only', offset: at, hint: `replace the tab with spaces; ${detail}` };
    case 'MISSING_CHAR': {
      if (/quote/i.test(original)) {
        const open = unclosedOpening(text, at, 'quote');
        return { message: 'a quoted string is not closed', offset: open >= 0 ? open : at, hint: `add the closing quote; ${detail}` };
      }
      if (/without - indicator/i.test(original)) {
        return {
          message: 'indentation: this line does not line up with the item above it (or a list item is missing its "- ")',
          offset: startOfLine(row),
          hint: `indent it like the other keys of the item, or start a new item with "- "; ${detail}`,
        };
      }
      break;
    }
    case 'BAD_INDENT': {
      if (/flow (sequence|mapping)/i.test(original)) {
        const open = unclosedOpening(text, at, 'bracket');
        const bracket = open >= 0 ? text[open] : '[';
        return {
          message: `an opening ${bracket} is not closed`,
          offset: open >= 0 ? open : at,
          hint: `add the closing ${bracket === '{' ? '}' : ']'} on the same entry; ${detail}`,
        };
      }
      return {
        message: 'indentation: this line is not lined up with the keys above it',
        offset: startOfLine(row),
        hint: `line it up with the keys of its mapping; if it starts a new list item, it needs a "- "; ${detail}`,
      };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const next = lines[row + 1];
      // A key without its ':' is on this line; otherwise the next line is indented too far and reads as part of this one.
      const colonAfter = lineText.slice(at - (starts[row] ?? 0)).includes(':') || /^\s*(- )?[^:#]+:(\s|$)/.test(lineText);
      if (!colonAfter) return { message: 'a key is missing its ":"', offset: startOfLine(row), hint: `write "key: value"; ${detail}` };
      if (next !== undefined && next.trim() !== '' && indentOf(next) > indentOf(lineText)) {
        return {
          message: 'indentation: this line is indented more than the line above it, so it reads as part of that line’s value',
          offset: startOfLine(row + 1),
          hint: `line it up with "${lineText.trim().split(':')[0]}:"; ${detail}`,
        };
      }
      break;
    }
    default:
      break;
  }
  return { message: `YAML syntax error: ${original}`, offset: at, hint: 'check the indentation, colons and brackets near this point' };
}

/** A strict JSON parse error, in words (a trailing comma, a comment, an unclosed bracket). Null when the text is valid JSON. */
export function jsonSyntaxProblem(text: string): SyntaxProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const original = (err as Error).message;
    const m = /at position (\d+)/.exec(original);
    const at = m ? Number(m[1]) : text.length;
    const detail = `JSON.parse says: ${original.replace(/ in JSON at position \d+.*$/, '')}`;
    const before = text.slice(0, at).trimEnd();
    if ((text[at] === '}' || text[at] === ']') && before.endsWith(',')) {
      return { message: 'a trailing comma: JSON allows no comma before a closing bracket', offset: before.length - 1, hint: `remove the comma; ${detail}` };
    }
    if (text.startsWith('//', at) || text.startsWith('/*', at)) {
      return { message: 'a comment: JSON has no comments', offset: at, hint: `remove it, or write the model in YAML, which has # comments; ${detail}` };
    }
    if (at >= text.trimEnd().length) {
      const open = unclosedOpening(text, text.length, 'bracket');
      return { message: 'the document ends before every bracket is closed', offset: open >= 0 ? open : at, hint: `close the bracket opened here; ${detail}` };
    }
    return {
      message: `JSON syntax error: ${detail.replace('JSON.parse says: ', '')}`,
      offset: at,
      hint: 'check the commas, quotes and brackets near this point',
    };
  }
}
