// Starting a worker_threads entry from TypeScript sources or from the bundle. A .ts entry is started through a
// one-line bootstrap that registers tsx's loader in the worker and then imports the entry: on Node 20.20
// `execArgv: ['--import', 'tsx']` does not make a worker's .ts entry loadable ("Unknown file extension .ts"), the
// bootstrap does. A bundled build passes its built .js entry, which is used as is.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** tsx's ESM loader API, as a file URL a data: module can import (it cannot resolve bare specifiers). */
function tsxApiUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json')
  return pathToFileURL(join(dirname(packageJson), 'dist/esm/api/index.mjs')).href
}

/** What to hand to `new Worker`: the entry itself, or for a TypeScript entry a bootstrap that loads it via tsx. */
export function workerScript(entry: URL | string): URL {
  const url = entry instanceof URL ? entry : entry.startsWith('file:') ? new URL(entry) : pathToFileURL(entry)
  if (!url.pathname.endsWith('.ts')) return url
  const boot = `import { register } from ${JSON.stringify(tsxApiUrl())}; register(); await import(${JSON.stringify(url.href)});`
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`)
}
