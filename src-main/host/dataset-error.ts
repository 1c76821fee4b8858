// The error the dataset services throw for a bad request: `field` names the request field at fault (as the contract
// validation does, e.g. `request.level`), so the page can point at it.
export class DatasetError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message)
    this.name = 'DatasetError'
  }
}
