// A client for Ray's Jobs REST API on a head node's dashboard (port 8265 by default) — the API `ray job submit` and
// Python's JobSubmissionClient use. Read in ray-project/ray python/ray/dashboard/modules/job/job_head.py @017deaf
// (routes), sdk.py @007c8cd (JobSubmissionClient) and dashboard_sdk.py @0e25567 (SubmissionClient): a local
// working_dir is shipped as a zip package first — `GET /api/packages/gcs/<name>` (200: there already, 404: not)
// then `PUT` with the zip's bytes — and the job's runtime_env names it `gcs://<name>`, where <name> is
// `_ray_pkg_<hash>.zip` (working-dir.ts). The job's log is followed over the WebSocket `/api/jobs/<id>/logs/tail`,
// which streams the log from its beginning, then as it grows.
import WebSocket from 'ws'

export const RAY_JOB_STATUSES = ['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED'] as const
export type RayJobStatus = (typeof RAY_JOB_STATUSES)[number]
export const TERMINAL_STATUSES: readonly RayJobStatus[] = ['STOPPED', 'SUCCEEDED', 'FAILED']

export interface RayJobInfo {
  status: RayJobStatus
  message: string
}

export interface SubmitJob {
  entrypoint: string
  submissionId: string
  runtimeEnv: { working_dir: string; env_vars?: Record<string, string> }
  metadata: Record<string, string>
}

export class RayApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
    this.name = 'RayApiError'
  }
}

export interface LogTail {
  /** Resolves when the stream ends (the job finished, or the connection closed); rejects on a connection error. */
  done: Promise<void>
  close(): void
}

export class RayJobsClient {
  readonly address: string

  constructor(address: string) {
    this.address = address.replace(/\/+$/, '')
  }

  private async request(method: string, path: string, body?: { json?: unknown; bytes?: Uint8Array }): Promise<Response> {
    const url = `${this.address}${path}`
    try {
      return await fetch(url, {
        method,
        ...(body?.json !== undefined ? { body: JSON.stringify(body.json), headers: { 'content-type': 'application/json' } } : {}),
        ...(body?.bytes ? { body: new Blob([new Uint8Array(body.bytes)]), headers: { 'content-type': 'application/octet-stream' } } : {}),
      })
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      throw new RayApiError(
        `cannot reach the Ray dashboard at ${this.address} (${cause?.code ?? cause?.message ?? (error as Error).message}): is the cluster up, and the SSH tunnel to its port 8265 open?`,
        null,
      )
    }
  }

  private async expectOk(response: Response, what: string): Promise<Response> {
    if (response.ok) return response
    const text = (await response.text()).trim().split('\n').slice(-3).join(' ').slice(0, 500)
    throw new RayApiError(`${what}: the Ray dashboard at ${this.address} answered HTTP ${response.status}${text ? `: ${text}` : ''}`, response.status)
  }

  private async json<T>(response: Response, what: string): Promise<T> {
    await this.expectOk(response, what)
    try {
      return (await response.json()) as T
    } catch (error) {
      throw new RayApiError(`${what}: the Ray dashboard at ${this.address} answered something that is not JSON (${(error as Error).message})`, response.status)
    }
  }

  /** The cluster's Ray version (GET /api/version); also the check that the address is a Ray dashboard. */
  async version(): Promise<string> {
    const body = await this.json<{ ray_version?: unknown }>(await this.request('GET', '/api/version'), 'GET /api/version')
    if (typeof body.ray_version !== 'string') throw new RayApiError(`GET /api/version: ${this.address} is not a Ray dashboard (no ray_version)`, 200)
    return body.ray_version
  }

  /** Uploads a package unless the cluster has it; returns its `gcs://` URI. */
  async uploadPackage(name: string, zip: Uint8Array): Promise<string> {
    const path = `/api/packages/gcs/${name}`
    const exists = await this.request('GET', path)
    if (exists.status !== 200) {
      if (exists.status !== 404) await this.expectOk(exists, `GET ${path}`)
      await this.expectOk(await this.request('PUT', path, { bytes: zip }), `PUT ${path}`)
    }
    return `gcs://${name}`
  }

  async submit(job: SubmitJob): Promise<string> {
    const body = await this.json<{ submission_id?: unknown }>(
      await this.request('POST', '/api/jobs/', {
        json: { entrypoint: job.entrypoint, submission_id: job.submissionId, runtime_env: job.runtimeEnv, metadata: job.metadata },
      }),
      'POST /api/jobs/',
    )
    if (typeof body.submission_id !== 'string') throw new RayApiError('POST /api/jobs/: the answer names no submission_id', 200)
    return body.submission_id
  }

  /** The job's status, or null when the cluster does not know it (404). */
  async info(submissionId: string): Promise<RayJobInfo | null> {
    const path = `/api/jobs/${encodeURIComponent(submissionId)}`
    const response = await this.request('GET', path)
    if (response.status === 404) return null
    const body = await this.json<{ status?: unknown; message?: unknown }>(response, `GET ${path}`)
    if (!RAY_JOB_STATUSES.includes(body.status as RayJobStatus)) throw new RayApiError(`GET ${path}: unknown job status ${JSON.stringify(body.status)}`, 200)
    return { status: body.status as RayJobStatus, message: typeof body.message === 'string' ? body.message : '' }
  }

  /** The job's whole log so far (GET /api/jobs/<id>/logs). */
  async logs(submissionId: string): Promise<string> {
    const path = `/api/jobs/${encodeURIComponent(submissionId)}/logs`
    const body = await this.json<{ logs?: unknown }>(await this.request('GET', path), `GET ${path}`)
    return typeof body.logs === 'string' ? body.logs : ''
  }

  /** Asks the cluster to stop the job; true when it was running. */
  async stop(submissionId: string): Promise<boolean> {
    const path = `/api/jobs/${encodeURIComponent(submissionId)}/stop`
    const body = await this.json<{ stopped?: unknown }>(await this.request('POST', path), `POST ${path}`)
    return body.stopped === true
  }

  /** Follows the job's log: `onText` gets each piece as the cluster sends it (from the log's beginning). */
  tailLogs(submissionId: string, onText: (text: string) => void): LogTail {
    const url = `${this.address.replace(/^http/, 'ws')}/api/jobs/${encodeURIComponent(submissionId)}/logs/tail`
    const socket = new WebSocket(url)
    const done = new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => onText(data.toString()))
      socket.on('close', () => resolve())
      socket.on('error', (error) => reject(new RayApiError(`following the log of job ${submissionId} at ${url}: ${error.message}`, null)))
    })
    return { done, close: () => socket.close() }
  }
}
