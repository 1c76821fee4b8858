// Bad files through the host's dataset API (issue 10 "Bad input" and "Security"; issue 11 item 5): each once
// crashed unnamed, showed an internal schema message, or quoted the file it was pointed at in its error — what a
// page on a rebinding attacker's origin could read local files with.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Host } from './host'
import { useTestHosts } from './test-hosts'

const makeHost = useTestHosts('prime-import-input')

async function failure(host: Host, method: string, request: unknown): Promise<string> {
  const reply = await host.dispatch(method, request)
  if (reply.ok) throw new Error(`${method} succeeded`)
  return reply.error.message
}

describe('bad dataset files get a clear error naming file and line', () => {
  it('a 100,000-deep JSONL row', async () => {
    const { host, workspaceDir } = makeHost()
    const path = join(workspaceDir, 'deep.jsonl')
    writeFileSync(path, `${JSON.stringify({ problem: 'p', answer: '1' })}\n{"problem":"q","answer":"2","meta":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`)
    expect(await failure(host, 'datasets.import', { name: 'deep', path })).toBe('deep.jsonl: line 2: nested deeper than 100 levels (at character 135)')
  })

  it('an empty file, uploaded or on the host, in words rather than a schema message', async () => {
    const { host, workspaceDir } = makeHost()
    const begin = await host.dispatch('datasets.upload.begin', { fileName: 'empty.jsonl', totalBytes: 0 })
    expect(begin.ok, JSON.stringify(begin)).toBe(true)
    const { uploadId } = (begin as { ok: true; result: { uploadId: string } }).result
    expect(await failure(host, 'datasets.upload.finish', { uploadId, name: 'empty' })).toBe('empty.jsonl: the file is empty (0 bytes): nothing to import')
    const path = join(workspaceDir, 'empty.csv')
    writeFileSync(path, '')
    expect(await failure(host, 'datasets.import', { name: 'empty', path })).toBe('empty.csv: the file is empty: no header row')
  })
})

describe('import errors do not echo the file they read', () => {
  it('a password file, a private key and a JSON secret fail without a byte of their content', async () => {
    const { host, workspaceDir } = makeHost()
    const files: Record<string, string> = {
      'passwd.jsonl': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
      'id_rsa.json': '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n',
      'config.jsonl': `${JSON.stringify({ prompt: 'p', reward_model: { ground_truth: { token: 'ghp_SECRETSECRET' } }, data_source: 'x' })}\n`,
      'ids.jsonl': `${JSON.stringify({ id: 'ghp_SECRETSECRET', problem: 'p', answer: '1' })}\n${JSON.stringify({ id: 'ghp_SECRETSECRET', problem: 'q', answer: '2' })}\n`,
    }
    for (const [name, content] of Object.entries(files)) {
      const path = join(workspaceDir, name)
      writeFileSync(path, content)
      const message = await failure(host, 'datasets.import', { name: 'probe', path })
      expect(message.startsWith(`${name}: `), message).toBe(true)
      for (const secret of ['root:x', 'daemon', 'BEGIN OPENSSH', 'b3BlbnNzaC1', 'SECRET']) expect(message, `${name}: ${message}`).not.toContain(secret)
      const preview = await host.dispatch('datasets.preview', { path })
      if (!preview.ok) for (const secret of ['root:x', 'daemon', 'BEGIN OPENSSH', 'b3BlbnNzaC1', 'SECRET']) expect(preview.error.message).not.toContain(secret)
    }
  })
})
