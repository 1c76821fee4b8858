// The browser-mode server against hostile pages (issue 10): DNS rebinding (a foreign Host with a matching Origin)
// and a missing or wrong access token. The inputs that used to end the server's process are probed against the
// built host, in a process of its own: e2e/browser-server.reliability.e2e.ts.
import { request as httpRequest } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startBrowserServer, type BrowserServer } from './browser-server'
import { createHost, type Host } from './host'
import { forkSourceTrainer } from './source-trainer'

let root: string
let host: Host
let server: BrowserServer
let port: number
let token: string | null

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prime-serve-rel-'))
  const renderer = join(root, 'renderer')
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>the app</title>')
  host = createHost({
    workspaceDir: join(root, 'ws'),
    spawnTrainer: forkSourceTrainer,
    appInfo: { name: 'prime-workbench', version: 'test', mode: 'browser', versions: { node: process.versions.node, electron: null, chrome: null } },
  })
  server = await startBrowserServer(host, renderer, 0)
  const url = new URL(server.url)
  port = Number(url.port)
  token = url.searchParams.get('token')
})

afterAll(async () => {
  await server.close()
  host.dispose()
  rmSync(root, { recursive: true, force: true })
})

/** A raw HTTP GET (no URL normalisation) with the Host header a browser would send for `hostHeader`. */
function get(path: string, hostHeader = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: hostHeader } }, (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    req.on('error', reject).end()
  })
}

/** Opens the API socket as a page served from `pageHost` would: that Host, and Origin http://pageHost. */
function connect(options: { pageHost?: string; token?: string | null } = {}): Promise<WebSocket> {
  const pageHost = options.pageHost ?? `127.0.0.1:${port}`
  const presented = options.token === undefined ? token : options.token
  const query = presented === null ? '' : `?token=${encodeURIComponent(presented)}`
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api${query}`, { headers: { host: pageHost }, origin: `http://${pageHost}` })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

describe('browser-mode server: DNS rebinding and the access token', () => {
  it('prints an address that carries the token, and opens the app with it only', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/)
    expect((await get(`/?token=${token}`)).body).toContain('the app')
    for (const path of ['/', '/index.html', '/?token=wrong']) {
      const page = await get(path)
      expect(page.status).toBe(403)
      expect(page.body).toMatch(/access token/)
    }
  })

  it('refuses a foreign Host even when the Origin matches it (the rebinding handshake), over HTTP and WebSocket', async () => {
    const rebound = `rebind.attacker.example:${port}`
    expect((await get(`/?token=${token}`, rebound)).status).toBe(403)
    await expect(connect({ pageHost: rebound })).rejects.toThrow(/HTTP 403/)
  })

  it('accepts the loopback names with the port: 127.0.0.1, localhost and [::1]', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
      expect((await get(`/?token=${token}`, `${name}:${port}`)).status).toBe(200)
      ;(await connect({ pageHost: `${name}:${port}` })).close()
    }
    expect((await get(`/?token=${token}`, '127.0.0.1')).status).toBe(403) // no port: not what a browser on this port sends
  })

  it('refuses an API socket without the token or with a wrong one', async () => {
    await expect(connect({ token: null })).rejects.toThrow(/HTTP 403/)
    await expect(connect({ token: 'x'.repeat(43) })).rejects.toThrow(/HTTP 403/)
    await expect(connect({ token: `${token}x` })).rejects.toThrow(/HTTP 403/)
  })
})
