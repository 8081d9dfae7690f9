/** Tokens of the STIX patterning language (the OASIS STIXPattern.g4 lexer rules). */
import { PatternSyntaxError } from './pattern.error';

export type TokenType =
  | 'ident' | 'keyword' | 'string' | 'int' | 'float' | 'bool' | 'timestamp' | 'hex' | 'binary'
  | '[' | ']' | '(' | ')' | ':' | '.' | ',' | '*' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** Decoded text: the unescaped string, the operator, the keyword… */
  text: string;
  position: number;
}

/** Keywords are upper case; booleans lower case (grammar-exact, so `and` is an identifier). */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES']);

const TIMESTAMP = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) { i++; continue; }
    const start = i;
    const ch = src[i];
    if ('[]():.,*'.includes(ch)) {
      tokens.push({ type: ch as TokenType, text: ch, position: start });
      i++;
      continue;
    }
    if (ch === '=' || ch === '!' || ch === '<' || ch === '>') {
      const two = src.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=' || two === '==' || two === '<>') {
        tokens.push({ type: 'op', text: two === '==' ? '=' : two === '<>' ? '!=' : two, position: start });
        i += 2;
      } else if (ch === '!') {
        throw new PatternSyntaxError(`unexpected character '!'`, start);
      } else {
        tokens.push({ type: 'op', text: ch, position: start });
        i++;
      }
      continue;
    }
    if (ch === "'") {
      const [text, end] = readQuoted(src, i);
      tokens.push({ type: 'string', text, position: start });
      i = end;
      continue;
    }
    if ((ch === 't' || ch === 'h' || ch === 'b') && src[i + 1] === "'") {
      const [text, end] = readQuoted(src, i + 1);
      const kind = ch === 't' ? 'timestamp' : ch === 'h' ? 'hex' : 'binary';
      const ok = kind === 'timestamp' ? TIMESTAMP.test(text) : kind === 'hex' ? HEX.test(text) : BASE64.test(text);
      if (!ok) throw new PatternSyntaxError(`invalid ${kind} literal`, start);
      tokens.push({ type: kind, text, position: start });
      i = end;
      continue;
    }
    if (isDigit(c) || ((ch === '-' || ch === '+') && (isDigit(src.charCodeAt(i + 1)) || src[i + 1] === '.')) || (ch === '.' && isDigit(src.charCodeAt(i + 1)))) {
      i = readNumber(src, i, tokens);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      const word = src.slice(start, i);
      const type: TokenType = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : 'ident';
      tokens.push({ type, text: word, position: start });
      continue;
    }
    throw new PatternSyntaxError(`unexpected character '${ch}'`, start);
  }
  tokens.push({ type: 'eof', text: '', position: n });
  return tokens;
}

/** Reads '…' from the quote at `i`; only \' and \\ are escapes in STIX patterns. Returns [text, end]. */
function readQuoted(src: string, i: number): [string, number] {
  // Most literals hold no escape: one slice instead of a string grown character by character.
  // (The backslash check stops at the closing quote: searching the rest of the pattern for each literal
  // would make a long IN set quadratic.)
  const close = src.indexOf("'", i + 1);
  let plain = close > 0;
  for (let k = i + 1; plain && k < close; k++) if (src.charCodeAt(k) === 92) plain = false;
  if (plain) return [src.slice(i + 1, close), close + 1];
  let out = '';
  let j = i + 1;
  while (j < src.length) {
    const ch = src[j];
    if (ch === "'") return [out, j + 1];
    if (ch === '\\') {
      const next = src[j + 1];
      if (next !== "'" && next !== '\\') throw new PatternSyntaxError(`invalid escape '\\${next ?? ''}' in string`, j);
      out += next;
      j += 2;
      continue;
    }
    out += ch;
    j++;
  }
  throw new PatternSyntaxError('unterminated string', i);
}

function readNumber(src: string, i: number, tokens: Token[]): number {
  const start = i;
  if (src[i] === '-' || src[i] === '+') i++;
  const intStart = i;
  while (isDigit(src.charCodeAt(i))) i++;
  const intDigits = src.slice(intStart, i);
  let isFloat = false;
  if (src[i] === '.' && isDigit(src.charCodeAt(i + 1))) {
    isFloat = true;
    i++;
    while (isDigit(src.charCodeAt(i))) i++;
  }
  if (!isFloat && intDigits.length > 1 && intDigits[0] === '0') throw new PatternSyntaxError('leading zero in integer', start);
  if (isIdentStart(src.charCodeAt(i))) throw new PatternSyntaxError('invalid number', start);
  tokens.push({ type: isFloat ? 'float' : 'int', text: src.slice(start, i), position: start });
  return i;
}
