// A run's settings that cannot work (a dataset that is gone, a checkpoint without a tokenizer, a chat template that
// fails): the error names the setting (a dotted RlConfig path such as `task.dataset`), so the host can point the
// launch form at it and the CLI can say which `--set` to fix.
export class SettingError extends Error {
  constructor(
    /** Dotted path of the setting at fault, e.g. `model.path`. */
    readonly setting: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${setting}: ${message}`, options)
    this.name = 'SettingError'
  }
}
