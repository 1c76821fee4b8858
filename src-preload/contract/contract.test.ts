import { describe, expect, it } from 'vitest'
import { apiContract, apiMethods, isApiMethod } from './api'
import { ApiEvent } from './events'
import { ContractError, parseOrThrow } from './validation'
import { ServerMessage } from './wire'

function requestError(method: keyof typeof apiContract, request: unknown): ContractError {
  try {
    parseOrThrow(apiContract[method].request, request, method, 'request')
  } catch (error) {
    return error as ContractError
  }
  throw new Error(`${method} accepted ${JSON.stringify(request)}`)
}

describe('API contract validation', () => {
  it('names the method and the exact field of a bad value', () => {
    const error = requestError('runs.create', { name: 'x', config: { kind: 'engine-smoke', steps: 0, matrixSize: 8 } })
    expect(error).toBeInstanceOf(ContractError)
    expect(error.field).toBe('request.config.steps')
    expect(error.message).toMatch(/^runs\.create: invalid request\.config\.steps: /)
    expect(error.message).toMatch(/>=\s*1/)
  })

  it('reports a wrong type with the expected and received kinds', () => {
    const error = requestError('runs.metrics', { id: 'run-1', sinceStep: 'ten' })
    expect(error.field).toBe('request.sinceStep')
    expect(error.message).toMatch(/expected number, received string/)
  })

  it('rejects unknown run kinds, naming the discriminator', () => {
    const error = requestError('runs.create', { name: 'x', config: { kind: 'ppo', steps: 3 } })
    expect(error.field).toBe('request.config.kind')
  })

  it('rejects unexpected fields (strict requests) and path-unsafe ids', () => {
    expect(requestError('runs.get', { id: 'run-1', extra: true }).message).toMatch(/extra/)
    expect(requestError('runs.get', { id: '../etc/passwd' }).field).toBe('request.id')
    expect(requestError('runs.get', {}).field).toBe('request.id')
  })

  it('names array elements by index', () => {
    const error = requestError('reports.export', { runIds: ['ok-id', 7], format: 'csv' })
    expect(error.field).toBe('request.runIds[1]')
  })

  it('accepts a valid request and applies defaults', () => {
    const parsed = parseOrThrow(apiContract['runs.create'].request, { name: 'smoke', config: { kind: 'engine-smoke', steps: 3, matrixSize: 8 } }, 'runs.create', 'request')
    expect(parsed.config).toEqual({ kind: 'engine-smoke', steps: 3, matrixSize: 8, stepDelayMs: 0 })
  })

  it('knows exactly its own methods', () => {
    expect(apiMethods).toContain('runs.launch')
    expect(apiMethods).toContain('reports.export')
    expect(isApiMethod('runs.launch')).toBe(true)
    expect(isApiMethod('toString')).toBe(false)
    expect(isApiMethod('__proto__')).toBe(false)
  })

  it('rejects events and server messages of unknown type', () => {
    expect(ApiEvent.safeParse({ type: 'run.hacked' }).success).toBe(false)
    expect(ApiEvent.safeParse({ type: 'runs.changed' }).success).toBe(true)
    expect(ServerMessage.safeParse({ kind: 'event', event: { type: 'nope' } }).success).toBe(false)
    expect(ServerMessage.safeParse({ kind: 'reply', callId: 1, reply: { ok: false, error: { message: 'm', field: null } } }).success).toBe(true)
  })
})

describe('stored configs from older versions', () => {
  it('gives an RL config without prm.miniBatches the policy’s mini-batches, as the PRM used before the setting existed', async () => {
    const { RunConfig } = await import('./schemas')
    const { LAPTOP_PRESET } = await import('./rl-config')
    const { miniBatches: _, ...oldPrm } = LAPTOP_PRESET.prm
    const old = { ...LAPTOP_PRESET, prm: oldPrm, policy: { ...LAPTOP_PRESET.policy, miniBatches: 4 } }
    const parsed = RunConfig.parse(old)
    expect(parsed.kind === 'rl' && parsed.prm.miniBatches).toBe(4)
  })
})

describe('presets', () => {
  it('are valid configs as they stand, with no unknown key', async () => {
    const { RunConfig } = await import('./schemas')
    const { parseOrThrow } = await import('./validation')
    const { PRESETS } = await import('./rl-config')
    for (const [name, preset] of Object.entries(PRESETS)) expect(parseOrThrow(RunConfig, preset, `preset ${name}`, 'config', { unknownKeys: 'reject' })).toEqual(preset)
  })

  it('give the misconception study a validation by iteration 20 (Gate B reads the PRM there)', async () => {
    const { MISCONCEPTION_PRESET } = await import('./rl-config')
    const { GATE_B } = await import('../analysis/gates')
    expect(MISCONCEPTION_PRESET.logging.validateEvery).toBeLessThanOrEqual(GATE_B.byIteration)
    expect(MISCONCEPTION_PRESET.task).toMatchObject({ name: 'arith-chain', misconception: 0.75 })
  })
})
