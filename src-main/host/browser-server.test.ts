// The browser-mode server's boundary: loopback only, API only for its own origin, no path escapes, strict CSP; binary
// calls answered as binary messages.
import { get } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { decodeBinaryMessage } from '../../src-preload/contract/binary-message'
import { MetricColumnsPayload, unpackColumns } from '../../src-preload/contract/metric-columns-wire'
import { RunFiles } from '../trainer/run-files'
import { startBrowserServer, type BrowserServer } from './browser-server'
import { createHost, type Host } from './host'
import { forkSourceTrainer } from './source-trainer'

let root: string
let host: Host
let server: BrowserServer

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prime-serve-'))
  const renderer = join(root, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(root, 'secret.txt'), 'do not serve')
  host = createHost({
    workspaceDir: join(root, 'ws'),
    spawnTrainer: forkSourceTrainer,
    appInfo: { name: 'prime-workbench', version: 'test', mode: 'browser', versions: { node: process.versions.node, electron: null, chrome: null } },
  })
  server = await startBrowserServer(host, renderer, 0)
})

afterAll(async () => {
  await server.close()
  host.dispose()
  rmSync(root, { recursive: true, force: true })
})

function rawGet(path: string): Promise<string> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve(body))
    }).on('error', reject)
  })
}

function connect(origin: string | undefined): Promise<WebSocket> {
  const page = new URL(server.url)
  const url = `ws://${page.host}/api${page.search}`
  const ws = new WebSocket(url, origin ? { origin } : {})
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 and serves files with a strict CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/)
    expect((await fetch(new URL('/assets/app.js', server.url))).headers.get('content-type')).toMatch(/javascript/)
  })

  it('never serves files outside the renderer folder', async () => {
    // Raw requests: fetch() would normalise the dot segments away before sending.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const body = await rawGet(path)
      expect(body).not.toContain('do not serve')
    }
    expect((await fetch(new URL('/missing.js', server.url))).status).toBe(404)
  })

  it('refuses API connections from another origin or without one', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/)
    await expect(connect(undefined)).rejects.toThrow(/403/)
  })

  it('answers calls from its own origin and closes on a malformed message', async () => {
    const ws = await connect(new URL(server.url).origin)
    const reply = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
    ws.send(JSON.stringify({ callId: 7, method: 'settings.get', request: {} }))
    expect(await reply).toMatchObject({ kind: 'reply', callId: 7, reply: { ok: true, result: { maxConcurrentRuns: 1 } } })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('not json')
    expect(await closed).toBe(1003)
  })

  it('answers binary calls POSTed from its own origin with its token as one binary message, and refuses the rest', async () => {
    const page = new URL(server.url)
    const run = await host.runs.create('columns', { kind: 'engine-smoke', steps: 3, matrixSize: 4, stepDelayMs: 0 })
    const files = new RunFiles(join(root, 'ws', 'runs', run.id))
    for (const step of [1, 2, 3]) files.appendMetrics({ step, time: 100 + step, values: { step_ms: step / 2 } })
    const call = (init: { origin?: string; token?: string | null; method?: string; body?: unknown }) =>
      fetch(new URL(`/api/binary${init.token === null ? '' : `?token=${init.token ?? page.searchParams.get('token')}`}`, page), {
        method: init.method ?? 'POST',
        headers: { origin: init.origin ?? page.origin },
        ...(init.method === 'GET' ? {} : { body: JSON.stringify(init.body ?? { callId: 0, method: 'runs.metricColumns', request: { id: run.id, sinceStep: 2 } }) }),
      })
    const answer = await call({})
    expect(answer.headers.get('content-type')).toBe('application/octet-stream')
    const reply = decodeBinaryMessage(await answer.arrayBuffer()) as { ok: true; result: MetricColumnsPayload }
    const columns = unpackColumns(MetricColumnsPayload.parse(reply.result))
    expect([...columns.steps, ...(columns.columns.get('step_ms') ?? [])]).toEqual([2, 3, 1, 1.5])
    // The host keeps its packed answer for the next page that asks; a row logged since is never missed.
    files.appendMetrics({ step: 4, time: 104, values: { step_ms: 2 } })
    const grown = unpackColumns(MetricColumnsPayload.parse((decodeBinaryMessage(await (await call({})).arrayBuffer()) as { result: MetricColumnsPayload }).result))
    expect([...grown.steps, ...(grown.columns.get('step_ms') ?? [])]).toEqual([2, 3, 4, 1, 1.5, 2])
    // Only the columns asked for (a comparison's first picture), with the steps and times.
    const chosen = async (which: { names?: string[]; except?: string[] }) =>
      MetricColumnsPayload.parse((decodeBinaryMessage(await (await call({ body: { callId: 0, method: 'runs.metricColumns', request: { id: run.id, sinceStep: 0, ...which } } })).arrayBuffer()) as { result: MetricColumnsPayload }).result)
    expect(await chosen({ names: ['step_ms'] })).toMatchObject({ rows: 4, names: ['step_ms'] })
    expect(await chosen({ names: ['not/logged'] })).toMatchObject({ rows: 4, names: [] })
    expect(await chosen({ except: ['step_ms'] })).toMatchObject({ rows: 4, names: [] })
    expect(await chosen({ except: ['not/logged'] })).toMatchObject({ rows: 4, names: ['step_ms'] })

    const failed = decodeBinaryMessage(await (await call({ body: { callId: 0, method: 'runs.metricColumns', request: { id: 'nope', sinceStep: 0 } } })).arrayBuffer())
    expect(failed).toMatchObject({ ok: false, error: { message: 'no run with id nope' } })
    expect((await call({ origin: 'http://evil.example' })).status).toBe(403)
    expect((await call({ token: 'wrong' })).status).toBe(403)
    expect((await call({ token: null })).status).toBe(403)
    expect((await call({ method: 'GET' })).status).toBe(403)
    expect((await call({ body: { callId: 0, method: 'settings.get', request: {} } })).status).toBe(400)
    expect((await call({ body: 'not a call' })).status).toBe(400)
  })
})
