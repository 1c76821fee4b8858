// The Electron entry — the only code that imports 'electron'. It opens the window, serves the typed API over
// ipcMain (checking every call comes from our window), and runs trainers in utility processes.
import { app, BrowserWindow, ipcMain } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readPackageInfo } from '../host/app-version'
import { createHost } from '../host/host'
import { defaultWorkspaceDir } from '../host/workspace'
import { API_EVENT_CHANNEL, API_INVOKE_CHANNEL } from '../../src-preload/channels'
import { applySessionPolicy, secureWebPreferences } from './security'
import { isTrustedSender } from './trusted-sender'
import { forkUtilityTrainer } from './utility-trainer'
import { electronPdfRenderer } from './print-to-pdf'

const here = dirname(fileURLToPath(import.meta.url))
const rendererIndex = join(here, '../renderer/index.html')
const rendererUrl = pathToFileURL(dirname(rendererIndex)).href
let window: BrowserWindow | null = null

app.enableSandbox()

async function main(): Promise<void> {
  await app.whenReady()
  applySessionPolicy()
  const pkg = readPackageInfo(join(here, '../../package.json'))
  const host = createHost({
    workspaceDir: defaultWorkspaceDir(),
    spawnTrainer: (runId) => forkUtilityTrainer(join(here, 'trainer.js'), runId, () => window?.webContents ?? null),
    appInfo: {
      ...pkg,
      mode: 'electron',
      versions: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
    },
    log: (line) => console.error(line),
    renderPdf: electronPdfRenderer,
    verifierWorkerUrl: new URL('./verify-worker.js', import.meta.url),
    importWorkerUrl: new URL('./import-worker.js', import.meta.url),
  })

  ipcMain.handle(API_INVOKE_CHANNEL, (event, method: unknown, request: unknown) => {
    if (!isTrustedSender(event, window?.webContents ?? null, rendererUrl)) {
      return { ok: false, error: { message: 'call rejected: it did not come from the workbench window', field: null } }
    }
    return host.dispatch(method, request)
  })
  host.bus.subscribe(({ event, direct }) => {
    if (!direct) window?.webContents.send(API_EVENT_CHANNEL, event)
  })

  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'PRIME Workbench',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  })
  window.once('ready-to-show', () => window?.show())
  window.on('closed', () => (window = null))
  await window.loadFile(rendererIndex)

  app.on('window-all-closed', () => {
    host.dispose()
    app.quit()
  })
}

main().catch((error: unknown) => {
  console.error(error)
  app.exit(1)
})
