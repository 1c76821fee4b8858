// `npm run serve`: the workbench in a browser. Runs the same services as the desktop app in plain Node, serves
// the built renderer on 127.0.0.1, and forks trainers with child_process instead of Electron's utility process.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { readPackageInfo } from './app-version'
import { startBrowserServer } from './browser-server'
import { createHost } from './host'
import { forkTrainerProcess } from './trainer-process'
import { defaultWorkspaceDir } from './workspace'

const here = dirname(fileURLToPath(import.meta.url))

function usageError(message: string): never {
  console.error(`npm run serve: ${message} (options: --port N, --workspace DIR)`)
  process.exit(2)
}

let values: { port: string; workspace: string }
try {
  values = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '5757' },
      workspace: { type: 'string', default: defaultWorkspaceDir() },
    },
  }).values
} catch (error) {
  usageError((error as Error).message.split('\n')[0] ?? String(error))
}
const port = Number(values.port)
if (!/^\d+$/.test(values.port) || port > 65535) usageError(`--port: expected a port number 0–65535, got ${JSON.stringify(values.port)}`)

const pkg = readPackageInfo(join(here, '../../package.json'))
const host = createHost({
  workspaceDir: resolve(values.workspace),
  spawnTrainer: () => forkTrainerProcess({ entry: join(here, 'trainer.js') }),
  appInfo: { ...pkg, mode: 'browser', versions: { node: process.versions.node, electron: null, chrome: null } },
  log: (line) => console.error(line),
  // Bundled, the verifier pool's worker is verify-worker.js beside this file; from source the pool finds its own.
  ...(import.meta.url.endsWith('.ts')
    ? {}
    : { verifierWorkerUrl: new URL('./verify-worker.js', import.meta.url), importWorkerUrl: new URL('./import-worker.js', import.meta.url) }),
})
const server = await startBrowserServer(host, join(here, '../renderer'), port)
console.log(`PRIME Workbench (browser mode) at ${server.url}  workspace: ${resolve(values.workspace)}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    host.dispose()
    void server.close().then(() => process.exit(0))
  })
}
