// The error the host's services throw for a request they cannot serve (no such run, a run in the wrong state, a bad
// dataset file): `field` names the request field at fault, as the contract validation does (e.g. `request.id`),
// so the page can point at it. Anything else that escapes a handler is a bug and is logged by the dispatcher.
export class RequestError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}
