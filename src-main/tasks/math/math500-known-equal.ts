// MATH-500 answers of different problems that the verifier grades as equal, each with the reason. Used by the
// MATH-500 cross check (math500.test.ts, math500-check.ts): any other equal verdict between different answers fails.

export const MATH500_KNOWN_EQUAL_ANSWERS: ReadonlyArray<readonly [string, string]> = [
  // Upstream math_equal strips the brackets of one side before comparing ("(a,b)" vs "a,b"). Kept: it is the
  // authors' behaviour and no golden pair or MATH-500 self check needs it changed.
  ['-2,1', '(-2,1)'],
]

export function expectedEqualAnswers(a: string, b: string): boolean {
  return a === b || MATH500_KNOWN_EQUAL_ANSWERS.some(([x, y]) => (a === x && b === y) || (a === y && b === x))
}
