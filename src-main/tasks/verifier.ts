// The one signature every verifier has (math answers, the synthetic tasks), so the RL loop, the UI and the worker
// pool treat them alike. Options are plain JSON (they cross worker_threads by structured clone); each verifier
// reads and validates its own fields.

export interface VerifyResult {
  /** Outcome reward in [0, 1]. */
  score: number
  /** Why: the deciding stage, or what was wrong ("timeout", "no answer line", ...). */
  detail: string
  /** The answer string that was graded, where the verifier extracts one. */
  extracted?: string
}

export type VerifyOptions = Readonly<Record<string, unknown>>

export type Verifier = (response: string, reference: string, options?: VerifyOptions) => VerifyResult

/** Read an optional number field of verifier options, with an error naming the verifier and the field. */
export function numberOption(options: VerifyOptions | undefined, field: string, verifier: string): number | undefined {
  const v = options?.[field]
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${verifier} verifier: option "${field}" must be a finite number, got ${JSON.stringify(v)}`)
  }
  return v
}

export function booleanOption(options: VerifyOptions | undefined, field: string, verifier: string): boolean | undefined {
  const v = options?.[field]
  if (v === undefined) return undefined
  if (typeof v !== 'boolean') {
    throw new TypeError(`${verifier} verifier: option "${field}" must be a boolean, got ${JSON.stringify(v)}`)
  }
  return v
}
