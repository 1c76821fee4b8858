// Character sets for the character-level tokenizer. Order matters: a character's id is 3 + its index here
// (ids 0, 1, 2 are PAD, BOS, EOS; see char-tokenizer.ts), so a charset must never be reordered once a model
// has been trained on it — checkpoints store the charset in their tokenizer.json for exactly that reason.

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('')

/**
 * Newline plus every printable ASCII character (space … tilde): 96 characters, vocabulary 99. Covers the
 * synthetic tasks (digits, + - * / = ( ) . , space, newline, a-z, A-Z, \ { } ^ _ : ? …) and any ASCII text
 * such as MATH-500 problems written in LaTeX. Upper and lower case letters alone need 52 ids, so no charset
 * covering both fits a vocabulary of 64; use COMPACT_CHARSET for that.
 */
export const DEFAULT_CHARSET = '\n' + PRINTABLE_ASCII

/**
 * 61 characters, vocabulary exactly 64, for the XS/S model presets: newline, space, digits, lower-case
 * letters and the punctuation arithmetic and LaTeX-style answers use. No upper-case letters: a task whose
 * text has them needs DEFAULT_CHARSET (encode names the first character it cannot map).
 */
export const COMPACT_CHARSET = '\n 0123456789abcdefghijklmnopqrstuvwxyz+-*/=().,\\{}^_:?!<>[]|\''
