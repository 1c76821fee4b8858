// For tests: a Ray head's dashboard as far as the Jobs REST API goes (ray-project/ray
// python/ray/dashboard/modules/job/job_head.py @017deaf), on a loopback port, so the workbench's client is tested
// over real HTTP and WebSocket against what the real cluster answers. Ray itself cannot be installed here. A job
// "runs" by replaying a verl console log line by line: PENDING, then RUNNING while its log grows, then SUCCEEDED —
// or STOPPED when stopped. A job whose script is not in its uploaded working_dir package fails, as a real job would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { unzipSync } from 'fflate'
import { WebSocketServer, type WebSocket } from 'ws'
import type { RayJobStatus } from '../jobs-client'

export interface FakeJob {
  submissionId: string
  entrypoint: string
  runtimeEnv: { working_dir?: string }
  metadata: Record<string, string>
  status: RayJobStatus
  message: string
  log: string
  /** Files of its working_dir package. */
  files: string[]
}

export interface FakeRayHead {
  address: string
  jobs: Map<string, FakeJob>
  packages: Map<string, Uint8Array>
  /** Every request, "METHOD path". */
  requests: string[]
  close(): Promise<void>
}

export interface FakeRayOptions {
  /** The log each job prints, one line at a time. */
  log: string[]
  /** Milliseconds between lines. */
  lineMs: number
  /** A job stays PENDING this long first. */
  pendingMs?: number
  /** Jobs fail (exit code 1) after printing this many lines. */
  failAfterLines?: number
}

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
  response.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json' })
  response.end(text)
}

export async function startFakeRayHead(options: FakeRayOptions): Promise<FakeRayHead> {
  const jobs = new Map<string, FakeJob>()
  const packages = new Map<string, Uint8Array>()
  const requests: string[] = []
  const tails = new Map<string, Set<WebSocket>>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  const print = (job: FakeJob, text: string) => {
    job.log += text
    for (const socket of tails.get(job.submissionId) ?? []) socket.send(text)
  }
  const finish = (job: FakeJob, status: RayJobStatus, message: string) => {
    job.status = status
    job.message = message
    for (const socket of tails.get(job.submissionId) ?? []) socket.close()
  }
  const run = (job: FakeJob, line: number) => {
    if (job.status !== 'RUNNING') return
    if (line === options.failAfterLines) return finish(job, 'FAILED', 'Job entrypoint command failed with exit code 1, last available logs (truncated to 20,000 chars): Traceback …')
    if (line >= options.log.length) return finish(job, 'SUCCEEDED', 'Job finished successfully.')
    print(job, `${options.log[line]}\n`)
    later(options.lineMs, () => run(job, line + 1))
  }

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const path = url.pathname
    requests.push(`${request.method} ${path}`)
    const pkg = /^\/api\/packages\/gcs\/(_ray_pkg_[0-9a-f]+\.zip)$/.exec(path)
    const job = /^\/api\/jobs\/([^/]+)(\/logs|\/stop)?$/.exec(path)
    if (request.method === 'GET' && path === '/api/version') return send(response, 200, { version: '4', ray_version: '2.49.0', ray_commit: 'fake', session_name: 'test' })
    if (pkg && request.method === 'GET') return packages.has(pkg[1] as string) ? send(response, 200, '') : send(response, 404, `Package gcs://${pkg[1]} does not exist`)
    if (pkg && request.method === 'PUT') {
      packages.set(pkg[1] as string, new Uint8Array(await body(request)))
      return send(response, 200, '')
    }
    if (request.method === 'POST' && path === '/api/jobs/') {
      const submit = JSON.parse((await body(request)).toString('utf8')) as { entrypoint?: string; submission_id?: string; runtime_env?: { working_dir?: string }; metadata?: Record<string, string> }
      if (typeof submit.entrypoint !== 'string') return send(response, 400, 'entrypoint is required')
      const id = submit.submission_id ?? `raysubmit_${jobs.size + 1}`
      if (jobs.has(id)) return send(response, 500, `Job with submission_id ${id} already exists.`)
      const packageName = submit.runtime_env?.working_dir?.replace(/^gcs:\/\//, '')
      const zip = packageName ? packages.get(packageName) : undefined
      if (packageName && !zip) return send(response, 500, `runtime_env working_dir ${submit.runtime_env?.working_dir} was never uploaded`)
      const files = zip ? Object.keys(unzipSync(zip)) : []
      const created: FakeJob = { submissionId: id, entrypoint: submit.entrypoint, runtimeEnv: submit.runtime_env ?? {}, metadata: submit.metadata ?? {}, status: 'PENDING', message: 'Job has not started yet.', log: '', files }
      jobs.set(id, created)
      later(options.pendingMs ?? 50, () => {
        if (created.status !== 'PENDING') return
        const script = /^bash (\S+)$/.exec(created.entrypoint)?.[1]
        if (!script || !files.includes(script)) {
          print(created, `bash: ${script ?? created.entrypoint}: No such file or directory\n`)
          return finish(created, 'FAILED', 'Job entrypoint command failed with exit code 127')
        }
        created.status = 'RUNNING'
        created.message = 'Job is currently running.'
        run(created, 0)
      })
      return send(response, 200, { job_id: null, submission_id: id })
    }
    if (job) {
      const found = jobs.get(decodeURIComponent(job[1] as string))
      if (!found) return send(response, 404, `Job ${job[1]} does not exist`)
      if (request.method === 'GET' && job[2] === undefined) return send(response, 200, { type: 'SUBMISSION', submission_id: found.submissionId, status: found.status, message: found.message, entrypoint: found.entrypoint, metadata: found.metadata, runtime_env: found.runtimeEnv })
      if (request.method === 'GET' && job[2] === '/logs') return send(response, 200, { logs: found.log })
      if (request.method === 'POST' && job[2] === '/stop') {
        const running = found.status === 'PENDING' || found.status === 'RUNNING'
        if (running) later(100, () => finish(found, 'STOPPED', 'Job was intentionally stopped.'))
        return send(response, 200, { stopped: running })
      }
    }
    return send(response, 404, 'Not Found')
  })

  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    const match = /^\/api\/jobs\/([^/]+)\/logs\/tail$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname)
    const found = match ? jobs.get(decodeURIComponent(match[1] as string)) : undefined
    if (!found) return socket.destroy()
    requests.push(`WS /api/jobs/${found.submissionId}/logs/tail`)
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // From the log's beginning, then as it grows; closed when the job is over.
      if (found.log) ws.send(found.log)
      if (found.status === 'SUCCEEDED' || found.status === 'FAILED' || found.status === 'STOPPED') return ws.close()
      const open = tails.get(found.submissionId) ?? new Set()
      open.add(ws)
      tails.set(found.submissionId, open)
      ws.on('close', () => open.delete(ws))
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    address: `http://127.0.0.1:${port}`,
    jobs,
    packages,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      for (const client of sockets.clients) client.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
