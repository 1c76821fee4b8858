// Calls across a worker boundary, both ways: each side serves its own methods and calls the other's, with results
// and errors coming back as promises. A value wrapped in `transfer()` moves its ArrayBuffers instead of copying
// them (what keeps handing 8 runs' columns to the page cheap). Messages are a union on `kind`; anything else is an
// error, as on every other channel of the app.

export interface Endpoint {
  postMessage(message: unknown, transfer: Transferable[]): void
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}

type Message =
  | { kind: 'call'; id: number; method: string; args: unknown[] }
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string }

class Transfer<T> {
  constructor(
    readonly value: T,
    readonly buffers: Transferable[],
  ) {}
}

/** Sends `value` with its typed arrays' buffers moved, not copied (the sender must not use them afterwards). */
export function transfer<T>(value: T, arrays: readonly ArrayBufferView[]): T {
  return new Transfer(value, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]) as unknown as T
}

type Methods = Record<string, (...args: never[]) => unknown>
/** The other side's methods, each returning a promise of its result. */
export type Remote<M extends Methods> = { [K in keyof M]: (...args: Parameters<M[K]>) => Promise<Awaited<ReturnType<M[K]>>> }

function unwrap(value: unknown): { value: unknown; buffers: Transferable[] } {
  return value instanceof Transfer ? { value: value.value, buffers: value.buffers } : { value, buffers: [] }
}

export function connect<R extends Methods>(endpoint: Endpoint, local: Methods): Remote<R> {
  let nextId = 0
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()

  endpoint.addEventListener('message', (event) => {
    const message = event.data as Message
    if (message.kind === 'call') {
      const method = local[message.method]
      const reply = (result: Message, buffers: Transferable[] = []) => endpoint.postMessage(result, buffers)
      if (!method) return reply({ kind: 'result', id: message.id, ok: false, error: `no method ${message.method} on this side of the worker` })
      Promise.resolve()
        .then(() => method(...(message.args as never[])))
        .then(
          (result) => {
            const { value, buffers } = unwrap(result)
            reply({ kind: 'result', id: message.id, ok: true, value }, buffers)
          },
          (error: unknown) => reply({ kind: 'result', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
        )
    } else if (message.kind === 'result') {
      const pending = waiting.get(message.id)
      waiting.delete(message.id)
      if (message.ok) pending?.resolve(message.value)
      else pending?.reject(new Error(message.error))
    } else {
      throw new Error(`worker message of unknown kind ${JSON.stringify((message as { kind?: unknown }).kind)}`)
    }
  })

  return new Proxy({} as Remote<R>, {
    // Not a thenable: `await remote` must not look for a `then` method on the other side.
    get: (_target, method: string) =>
      method === 'then'
        ? undefined
        : (...args: unknown[]) =>
            new Promise((resolve, reject) => {
              const id = nextId++
              waiting.set(id, { resolve, reject })
              const unwrapped = args.map(unwrap)
              endpoint.postMessage({ kind: 'call', id, method, args: unwrapped.map((a) => a.value) } satisfies Message, unwrapped.flatMap((a) => a.buffers))
            }),
  })
}
