// Which `data_source` an exported row carries, so that verl's default scorer grades it with the verifier the
// workbench used. verl picks the scorer from data_source alone (verl/utils/reward_score/__init__.py
// default_compute_score @ VERL_COMMIT; the PRIME recipe's `prime` reward manager calls the same function):
//  - numina_aops_forum, numina_synthetic_math, numina_amc_aime, numina_synthetic_amc, numina_cn_k12,
//    numina_olympiads → prime_math.compute_score: the PRIME authors' evaluate_math (last \boxed{} answer,
//    grade_answer, then math_equal), which the workbench's `math` verifier follows (src-main/tasks/math/grade-math.ts);
//  - codecontests, apps, codeforces, taco → prime_code.compute_score: the authors' APPS runner over
//    {"inputs", "outputs", "fn_name"?} in ground_truth, the workbench's `code` verifier (src-main/tasks/code);
//  - nothing grades an answer as exactly equal text, so `exact` has no counterpart.
// The built-in tasks end every response with `\boxed{answer}` and their answers are integers or fractions, which
// prime_math grades as their own verifiers do, except that it reads the last \boxed{} wherever it is in the
// response while the built-in verifiers want it on the last line (listed among the settings that do not map).
import type { DatasetVerifier } from '../../../src-preload/contract/rl-config'

export const PRIME_MATH_SOURCE = 'numina_synthetic_math'
export const PRIME_CODE_SOURCE = 'codecontests'

export interface RowRouting {
  dataSource: string
  ability: 'math' | 'code'
}

/** The routing of a verifier's rows, or why it has none. */
export function routeVerifier(verifier: DatasetVerifier): RowRouting | { unmapped: string } {
  switch (verifier) {
    case 'math':
    case 'arith-chain':
    case 'linear-equation':
    case 'fractions':
      return { dataSource: PRIME_MATH_SOURCE, ability: 'math' }
    case 'code':
      return { dataSource: PRIME_CODE_SOURCE, ability: 'code' }
    case 'exact':
      return {
        unmapped:
          'verifier "exact" (the response equals the reference) has no scorer in verl\'s default_compute_score (verl/utils/reward_score/__init__.py); give verl a custom_reward_function for it, or pick the math verifier',
      }
  }
}
