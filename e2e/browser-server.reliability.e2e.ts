// The built browser-mode host (out/main/serve.js, as `npm run serve` starts it) against inputs that used to end the
// whole process (issue 10): `GET /%`, a WebSocket message over the size limit, a text frame that is not UTF-8. After
// each the same process must still be alive and answer API calls; and the address it prints (with its per-launch
// access token) must open the app in Chromium, through navigation and reloads.
import type { ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { MAX_MESSAGE_BYTES } from '../src-main/host/browser-server'
import { launchBrowser, startHost } from './support/browser-mode'

let workspaceDir: string
let host: { url: string; child: ChildProcess }
let origin: string

beforeAll(async () => {
  workspaceDir = mkdtempSync(join(tmpdir(), 'prime-e2e-serve-'))
  host = await startHost(workspaceDir)
  origin = new URL(host.url).origin
})

afterAll(() => {
  host?.child.kill('SIGTERM')
  rmSync(workspaceDir, { recursive: true, force: true })
})

function rawGet(path: string): Promise<number> {
  const { port } = new URL(host.url)
  return new Promise((resolve, reject) => get({ host: '127.0.0.1', port, path }, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', reject))
}

function connect(): Promise<WebSocket> {
  const url = new URL(host.url)
  const ws = new WebSocket(`ws://${url.host}/api${url.search}`, { origin })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

async function stillServing(): Promise<void> {
  expect(host.child.exitCode, 'the host process exited').toBeNull()
  const ws = await connect()
  const reply = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
  ws.send(JSON.stringify({ callId: 1, method: 'app.info', request: {} }))
  expect(await reply).toMatchObject({ kind: 'reply', reply: { ok: true, result: { mode: 'browser' } } })
  ws.close()
}

const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))

describe('the built browser-mode host under malformed input', () => {
  it('answers GET /% with 400 and stays up', async () => {
    expect(await rawGet('/%')).toBe(400)
    await stillServing()
  })

  it('closes a socket whose message is over the size limit (1009) and stays up', async () => {
    const ws = await connect()
    const closed = closeCode(ws)
    ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1))
    expect(await closed).toBe(1009)
    await stillServing()
  })

  it('closes a socket that sends a text frame that is not UTF-8 (1007) and stays up', async () => {
    const ws = await connect()
    const closed = closeCode(ws)
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    expect(await closed).toBe(1007)
    await stillServing()
  })

  it('opens the app at the printed address, keeps working through navigation and a reload, and refuses it without the token', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      await page.goto(host.url)
      await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor()
      await page.getByTestId('nav-settings').click()
      await page.reload()
      await page.getByTestId('ort-version').waitFor({ timeout: 60_000 }) // an API answer after the reload
      expect(new URL(page.url()).searchParams.get('token')).toBe(new URL(host.url).searchParams.get('token'))
      const bare = await page.goto(`${origin}/`)
      expect(bare?.status()).toBe(403)
      expect(await page.textContent('body')).toMatch(/access token/)
    } finally {
      await browser.close()
    }
  })
})
