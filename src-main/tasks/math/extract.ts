// Answer extraction with the behaviour of the PRIME authors' `match_answer` and `_last_boxed_only_string`
// (PRIME-RL/PRIME @18ad596, training/verl/utils/reward_score/evaluation_utils/math_util/__init__.py).
// Written from the description of that behaviour; the quirks are kept on purpose because the golden verdicts
// (../shared/fixtures/math-grader-golden.json) depend on them:
//  - phrase markers cut the text *after* the last "answer:"/"answer is"/"answers are", and *before* the last
//    "is answer"/"is the answer"/...;
//  - then the content of the LAST \boxed{...} (or, only when there is no \boxed at all, the last \fbox{...}), found by
//    brace counting from the macro; an unclosed box is ignored;
//  - then the text is cut at the last ". " and after the last "be "/"is "/"are "/"="/": "/"get " (and their
//    newline forms), so "\boxed{x=3}" yields "3" and "Thus we get 17. Done" yields "17";
//  - `matched` (upstream's is_matched) is reported but, as upstream, never used for the score.

/** Content of the last \boxed{...} (or \fbox{...}), trimmed; null when absent or unclosed. */
export function lastBoxedContent(text: string): string | null {
  let at = text.lastIndexOf('\\boxed')
  if (at < 0) at = text.lastIndexOf('\\fbox')
  if (at < 0) return null
  let depth = 0
  let open = -1
  for (let i = at; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{') {
      depth++
      if (open < 0) open = i
    } else if (ch === '}') {
      depth--
      if (depth === 0) return open < 0 ? null : text.slice(open + 1, i).trim()
    }
  }
  return null
}

const LEADING_MARKERS = ['answer:', 'answer is', 'answers are']
const TRAILING_MARKERS = ['is answer', 'is the answer', 'are answers', 'are the answers']
const LAST_CUT_MARKERS = ['be ', 'is ', 'are ', '=', ': ', 'get ', 'be\n', 'is\n', 'are\n', ':\n', 'get\n']

export interface ExtractedAnswer {
  /** The string that is graded. */
  answer: string
  /** Upstream's is_matched flag (a marker or box was found and the answer has a digit). Not used for scoring. */
  matched: boolean
}

export function extractAnswer(response: string): ExtractedAnswer {
  let text = response
  let matched = false
  for (const marker of LEADING_MARKERS) {
    const at = text.toLowerCase().lastIndexOf(marker)
    if (at >= 0) {
      matched = true
      text = text.slice(at + marker.length).trim()
    }
  }
  for (const marker of TRAILING_MARKERS) {
    const at = text.toLowerCase().lastIndexOf(marker)
    if (at >= 0) {
      matched = true
      text = text.slice(0, at).trim()
    }
  }
  const boxed = lastBoxedContent(text)
  if (boxed) {
    matched = true
    text = boxed
  }
  const sentenceEnd = text.lastIndexOf('. ')
  if (sentenceEnd >= 0) text = text.slice(0, sentenceEnd).trim()
  for (const marker of LAST_CUT_MARKERS) {
    const at = text.toLowerCase().lastIndexOf(marker)
    if (at >= 0) {
      matched = true
      text = text.slice(at + marker.length).trim()
    }
  }
  return { answer: text, matched: matched && /\d/.test(text) }
}
