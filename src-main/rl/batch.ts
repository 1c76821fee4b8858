// The one record every RL function in this folder reads: a batch of rollouts after verification and filtering.
//
// Layout (the authors' and verl's, see ../shared/fixtures/README.md "Conventions"):
// - B = numPrompts * K rows. Groups are contiguous: rows [g*K, (g+1)*K) are the K samples of prompt g.
// - Every per-token tensor holds response tokens only (never prompt tokens), right-padded to R, stored flat and
//   row-major in a Float64Array of length B*R: element (b, t) lives at index b*R + t. Flat float64 because the
//   trainer feeds these to ONNX and because the goldens are float64.
// - Token t of row b is valid when t < lengths[b]; the last valid token is the EOS (or the length-limit token).

/** The dimensions every batch-shaped function needs. A RolloutBatch is one, so pass the batch itself. */
export interface BatchShape {
  /** Rows = numPrompts * K. */
  readonly B: number
  /** Padded response length (tokens). */
  readonly R: number
  /** Samples per prompt (group size, upstream `n_samples`). */
  readonly K: number
}

export interface RolloutBatch extends BatchShape {
  /** Prompts in the batch; B = numPrompts * K. */
  readonly numPrompts: number
  /** (B) valid response length of each row, EOS included; 1 <= lengths[b] <= R. */
  readonly lengths: Int32Array
  /** (B*R) 1 where t < lengths[b], else 0. Upstream `eos_mask` = attention_mask[:, prompt_length:]. */
  readonly responseMask: Float64Array
  /** (B) verifier score in [0, 1] (binary for math, pass fraction for code). */
  readonly acc: Float64Array
  /** (B*R) log πθ_old(y_t | x, y_<t) recomputed under the rollout policy (PPO's old log-probs). Padding: any finite value. */
  readonly oldLogp: Float64Array
  /** (B*R) log πφ(y_t | ...) under the implicit PRM, or null for outcome-only algorithms. Padding: any finite value. */
  readonly logpPrm: Float64Array | null
  /** (B*R) log πref(y_t | ...) under the reference model (or oldLogp when ref = policy), null with logpPrm. */
  readonly logpRef: Float64Array | null
}

/** Plain fields a batch is built from; numbers may come from JSON or from a rollout. */
export interface RolloutBatchInput {
  numPrompts: number
  K: number
  R: number
  lengths: ArrayLike<number>
  acc: ArrayLike<number>
  oldLogp: ArrayLike<number>
  logpPrm?: ArrayLike<number> | null
  logpRef?: ArrayLike<number> | null
}

/** Builds a batch and checks every field, naming the field (and row/position) on bad input. */
export function makeRolloutBatch(input: RolloutBatchInput, source = 'RolloutBatch'): RolloutBatch {
  const { numPrompts, K, R } = input
  checkPositiveInteger(numPrompts, `${source}.numPrompts`)
  checkPositiveInteger(K, `${source}.K`)
  checkPositiveInteger(R, `${source}.R`)
  const B = numPrompts * K

  checkLength(input.lengths, B, `${source}.lengths`)
  const lengths = new Int32Array(B)
  const responseMask = new Float64Array(B * R)
  for (let b = 0; b < B; b++) {
    const length = input.lengths[b] as number
    if (!Number.isInteger(length) || length < 1 || length > R) {
      throw new Error(`${source}.lengths[${b}] = ${length}: must be an integer in [1, R=${R}]`)
    }
    lengths[b] = length
    responseMask.fill(1, b * R, b * R + length)
  }

  checkLength(input.acc, B, `${source}.acc`)
  const acc = Float64Array.from(input.acc)
  acc.forEach((a, b) => {
    if (!(a >= 0 && a <= 1)) throw new Error(`${source}.acc[${b}] = ${a}: must be in [0, 1]`)
  })

  const hasPrm = input.logpPrm != null
  if (hasPrm !== (input.logpRef != null)) {
    throw new Error(`${source}: logpPrm and logpRef must be given together (both or neither)`)
  }
  return {
    numPrompts,
    K,
    R,
    B,
    lengths,
    responseMask,
    acc,
    oldLogp: tokenTensor(input.oldLogp, B, R, `${source}.oldLogp`),
    logpPrm: input.logpPrm == null ? null : tokenTensor(input.logpPrm, B, R, `${source}.logpPrm`),
    logpRef: input.logpRef == null ? null : tokenTensor(input.logpRef, B, R, `${source}.logpRef`),
  }
}

/** Copies a flat (B*R) tensor, rejecting a wrong size or a non-finite entry (named by row and position). */
function tokenTensor(values: ArrayLike<number>, B: number, R: number, field: string): Float64Array {
  checkLength(values, B * R, `${field} (B*R = ${B}*${R})`)
  const out = Float64Array.from(values)
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`${field}[${Math.floor(i / R)}][${i % R}] = ${v}: must be finite`)
  })
  return out
}

/** Throws unless every array has length B*R, naming the first that does not. */
export function checkTokenShape(shape: BatchShape, tensors: Record<string, ArrayLike<number>>): void {
  for (const [name, tensor] of Object.entries(tensors)) checkLength(tensor, shape.B * shape.R, `${name} (B*R)`)
}

/** Throws unless every array has length B, naming the first that does not. */
export function checkRowShape(shape: BatchShape, rows: Record<string, ArrayLike<number>>): void {
  for (const [name, row] of Object.entries(rows)) checkLength(row, shape.B, `${name} (B)`)
}

/** Throws unless B is a whole number of groups of K (RLOO, GRPO and dpo_acc all work group by group). */
export function checkGroups(shape: BatchShape, op: string): void {
  if (!Number.isInteger(shape.K) || shape.K < 1 || shape.B % shape.K !== 0) {
    throw new Error(`${op}: B=${shape.B} rows is not a whole number of groups of K=${shape.K}`)
  }
}

function checkLength(values: ArrayLike<number>, expected: number, field: string): void {
  if (values.length !== expected) throw new Error(`${field}: length ${values.length}, expected ${expected}`)
}

function checkPositiveInteger(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${field} = ${value}: must be a positive integer`)
}
