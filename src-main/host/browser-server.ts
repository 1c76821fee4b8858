// Browser mode: serves the built renderer and the typed API over a WebSocket, on the loopback interface only.
// The WebSocket accepts pages from its own origin only, so another site open in the same browser cannot drive it.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { ApiCallMessage, type ServerMessage } from '../../src-preload/contract/wire'
import type { Host } from './host'

export const API_PATH = '/api'
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Vue style bindings and ECharts set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export interface BrowserServer {
  url: string
  server: Server
  close(): Promise<void>
}

export async function startBrowserServer(host: Host, rendererDir: string, port: number): Promise<BrowserServer> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`${join(rendererDir, 'index.html')} is missing: build the renderer first (npm run build)`)
  }
  const server = createServer((request, response) => {
    const file = resolveStatic(rendererDir, request.url ?? '/')
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Referrer-Policy', 'no-referrer')
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (request, socket, head) => {
    if (request.url !== API_PATH || !isOwnOrigin(request)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(host, ws))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    server,
    close: () =>
      new Promise((resolve) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        server.close(() => resolve())
      }),
  }
}

function serveSocket(host: Host, ws: WebSocket): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }
  const unsubscribe = host.bus.subscribe(({ event }) => send({ kind: 'event', event }))
  ws.on('close', unsubscribe)
  ws.on('message', async (data) => {
    let call: ApiCallMessage
    try {
      call = ApiCallMessage.parse(JSON.parse(String(data)))
    } catch {
      ws.close(1003, 'malformed API call')
      return
    }
    send({ kind: 'reply', callId: call.callId, reply: await host.dispatch(call.method, call.request) })
  })
}

function isOwnOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  const hostHeader = request.headers.host
  if (!origin || !hostHeader) return false
  return origin === `http://${hostHeader}`
}

/** Maps a URL path to a file inside `root`; unknown paths get index.html (the app routes by hash). */
function resolveStatic(root: string, url: string): string | null {
  const path = decodeURIComponent(url.split('?')[0] ?? '/')
  const candidate = normalize(join(root, path))
  if (candidate !== root && !candidate.startsWith(root + sep)) return null
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return path === '/' || !extname(path) ? join(root, 'index.html') : null
}
