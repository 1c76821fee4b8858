// Build the app once before the end-to-end specs: they drive the real built renderer and host, not dev servers.
import { spawnSync } from 'node:child_process'

export default function setup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return
  const result = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${result.status})`)
}
