// What kind of thing a reference answer is, for the dataset statistics: a researcher wants to know whether a set is
// all integers (easy to grade) or full of intervals and LaTeX expressions (where the verifier's equivalence rules
// matter). A heuristic over the written form, not a parse: "(a,b)" reads as a tuple unless it has a bracket,
// \infty or \cup, which mark an interval (MATH writes open intervals and points alike).
import type { AnswerKind } from './types'

const INTEGER = /^[+-]?(\d+|\d{1,3}(,\d{3})+)$/
const DECIMAL = /^[+-]?(\d+\.\d*|\.\d+)$/
const DIGITS_GROUP = String.raw`(\{\d+\}|\d)`
const FRACTION = new RegExp(String.raw`^[+-]?(\d+\/\d+|\d*\\[dt]?frac${DIGITS_GROUP}${DIGITS_GROUP})$`)
const WORDS = /^[A-Za-z][A-Za-z .']*$/
const CHOICE = /^\([A-Z]\)$/

export function answerKind(reference: string): AnswerKind {
  const tidy = unwrapMath(reference.trim()).replace(/\\[!,;:]|\\left|\\right|\\displaystyle/g, '')
  const compact = tidy.replace(/\s+/g, '')
  if (INTEGER.test(compact)) return 'integer'
  if (DECIMAL.test(compact)) return 'decimal'
  if (FRACTION.test(compact)) return 'fraction'
  const parts = topLevelParts(compact)
  if (/\\cup|\\cap/.test(compact) && /^[([]/.test(compact)) return 'interval'
  if (parts.length > 1) return 'tuple'
  const inner = /^[([]/.test(compact) && /[)\]]$/.test(compact) ? topLevelParts(compact.slice(1, -1)) : []
  if (inner.length === 2 && (compact.startsWith('[') || compact.endsWith(']') || compact.includes('\\infty'))) return 'interval'
  if (inner.length > 1 || (compact.startsWith('\\{') && topLevelParts(compact.slice(2, -2)).length > 1)) return 'tuple'
  const plain = tidy.replace(/\\(text|textbf|mathrm|mbox)\{([^{}]*)\}/g, '$2').trim()
  if (CHOICE.test(plain) || (WORDS.test(plain) && /[A-Za-z]{3}/.test(plain))) return 'text'
  return 'latex'
}

function unwrapMath(text: string): string {
  if (text.length >= 2 && text.startsWith('$') && text.endsWith('$')) return text.replace(/^\$+|\$+$/g, '')
  if (text.startsWith('\\(') && text.endsWith('\\)')) return text.slice(2, -2)
  return text
}

/** Splits at commas outside any (), [] or {}. */
function topLevelParts(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(' || c === '[' || c === '{') depth += 1
    else if (c === ')' || c === ']' || c === '}') depth -= 1
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}
