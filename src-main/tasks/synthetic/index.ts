// The built-in synthetic tasks, by name (an explicit list).

import { arithChain } from './arith-chain'
import { fractions } from './fractions'
import { linearEquation } from './linear-equation'
import type { SyntheticTask } from './task'

export const SYNTHETIC_TASKS: Readonly<Record<string, SyntheticTask>> = {
  'arith-chain': arithChain as unknown as SyntheticTask,
  'linear-equation': linearEquation as unknown as SyntheticTask,
  fractions: fractions as unknown as SyntheticTask,
}

/** Union of the tasks' character sets, sorted: what a character-level tokenizer for all of them needs. */
export const SYNTHETIC_CHARSET = [...new Set(Object.values(SYNTHETIC_TASKS).flatMap((t) => [...t.charset]))].sort().join('')
