// Browser mode: serves the built renderer and the typed API over a WebSocket, on the loopback interface only.
// Three checks keep other sites open in the same browser out:
//   - Host: only a loopback name with this port (127.0.0.1, localhost, [::1]) is served. A page of
//     rebind.attacker.example whose name an attacker re-points at 127.0.0.1 (DNS rebinding) is same-origin with
//     itself, so the Origin check alone would let it in; its Host header still names the attacker's domain.
//   - Origin: the WebSocket (and the POST of a binary call) accepts only the page's own origin.
//   - Token: a secret drawn at each launch rides in the page's address (`/?token=…`, the URL `npm run serve` prints);
//     the WebSocket must present it, so even a page on the same loopback port that did not get the address is refused.
// Malformed input (a bad percent-encoding, an oversized or non-UTF-8 WebSocket message) gets an error answer or a
// closed socket, never a crash of the server. Calls of BINARY_METHODS (answers of typed arrays, megabytes) come as
// a POST to BINARY_API_PATH and are answered as one binary message rather than JSON over the socket.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { encodeBinaryMessage } from '../../src-preload/contract/binary-message'
import { ACCESS_TOKEN_PARAMETER, ApiCallMessage, BINARY_API_PATH, BINARY_METHODS, BROWSER_API_PATH, type ServerMessage } from '../../src-preload/contract/wire'
import type { Host } from './host'

export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

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
  /** The page's address, with this launch's token: the one address that opens a working app. */
  url: string
  server: Server
  close(): Promise<void>
}

export async function startBrowserServer(host: Host, rendererDir: string, port: number): Promise<BrowserServer> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`${join(rendererDir, 'index.html')} is missing: build the renderer first (npm run build)`)
  }
  const token = randomBytes(32).toString('base64url')
  let loopbackHosts = new Set<string>()
  const server = createServer((request, response) => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Referrer-Policy', 'no-referrer')
    if (!loopbackHosts.has(request.headers.host?.toLowerCase() ?? '')) {
      refuse(response, 403, `host ${JSON.stringify(request.headers.host ?? '')} is not served: open the address \`npm run serve\` printed`)
      return
    }
    const target = parseTarget(request.url)
    if (!target) {
      refuse(response, 400, 'malformed request path')
      return
    }
    if (target.path === BINARY_API_PATH) {
      if (request.method !== 'POST' || !isOwnOrigin(request) || !tokenMatches(target.token, token)) {
        refuse(response, 403, 'binary API calls come from the page itself, as a POST with its token')
        return
      }
      void answerBinaryCall(host, request, response)
      return
    }
    const file = resolveStatic(rendererDir, target.path)
    if (!file) {
      refuse(response, 404, 'not found')
      return
    }
    if (file === join(rendererDir, 'index.html') && !tokenMatches(target.token, token)) {
      refuse(response, 403, 'this address lacks the access token: open the exact address `npm run serve` printed (…/?token=…)')
      return
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response)
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (request, socket, head) => {
    const target = parseTarget(request.url)
    const allowed =
      target?.path === BROWSER_API_PATH && loopbackHosts.has(request.headers.host?.toLowerCase() ?? '') && isOwnOrigin(request) && tokenMatches(target.token, token)
    if (!allowed) {
      socket.on('error', () => {})
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
  loopbackHosts = loopbackHostHeaders(actualPort)
  return {
    url: `http://127.0.0.1:${actualPort}/?${ACCESS_TOKEN_PARAMETER}=${token}`,
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
  // A message over MAX_MESSAGE_BYTES or a text frame that is not UTF-8: ws is already closing the socket with the
  // matching code (1009, 1007) and then reports the error here. Unheard, the error would be thrown and end the server.
  ws.on('error', () => {})
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

/** A POSTed ApiCallMessage of a binary method, answered with the reply as a binary message. */
async function answerBinaryCall(host: Host, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_MESSAGE_BYTES) throw new Error(`a call over ${MAX_MESSAGE_BYTES} bytes`)
      chunks.push(chunk)
    }
  } catch (error) {
    refuse(response, 413, (error as Error).message)
    return
  }
  let call: ApiCallMessage
  try {
    call = ApiCallMessage.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')))
  } catch {
    refuse(response, 400, 'malformed API call')
    return
  }
  if (!(BINARY_METHODS as readonly string[]).includes(call.method)) {
    refuse(response, 400, `${JSON.stringify(call.method)} is not a binary method: call it over the WebSocket`)
    return
  }
  const body = Buffer.from(encodeBinaryMessage(await host.dispatch(call.method, call.request)))
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-store' }).end(body)
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`)
}

/** Host headers a browser sends for this server: a loopback name with the port (without it on port 80). */
function loopbackHostHeaders(port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]']
  return new Set([...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : [])])
}

/** The decoded path and the token of a request target; null when it is not a well-formed origin-form URL. */
function parseTarget(url: string | undefined): { path: string; token: string | null } | null {
  if (!url?.startsWith('/')) return null
  const query = url.indexOf('?')
  try {
    return {
      path: decodeURIComponent(query < 0 ? url : url.slice(0, query)),
      token: query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get(ACCESS_TOKEN_PARAMETER),
    }
  } catch {
    return null // URIError: a malformed percent-encoding such as `/%`
  }
}

function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function isOwnOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  const hostHeader = request.headers.host
  if (!origin || !hostHeader) return false
  return origin === `http://${hostHeader}`
}

/** Maps a decoded URL path to a file inside `root`; unknown paths get index.html (the app routes by hash). */
function resolveStatic(root: string, path: string): string | null {
  const candidate = normalize(join(root, path))
  if (candidate !== root && !candidate.startsWith(root + sep)) return null
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return path === '/' || !extname(path) ? join(root, 'index.html') : null
}
