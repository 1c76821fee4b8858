// Printing the HTML report to PDF outside Electron (browser mode, CLI): a headless Chromium's own --print-to-pdf,
// run as a child process. No browser-automation library is needed for one page without scripts. The Electron app
// prints with its own webContents instead (src-main/app/print-to-pdf.ts) and passes that in as the renderer.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Prints the HTML file at `htmlFile` to `pdfFile`. */
export type PdfRenderer = (htmlFile: string, pdfFile: string) => Promise<void>

const CANDIDATES: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'],
}

const PRINT_TIMEOUT_MS = 90_000

/** `CHROMIUM_PATH` if set, else the first usual install location that exists; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null
  return (CANDIDATES[platform] ?? []).find((path) => existsSync(path)) ?? null
}

export function missingChromiumMessage(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CHROMIUM_PATH) return `PDF export needs Chromium or Chrome, and CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`
  const looked = (CANDIDATES[platform] ?? []).join(', ') || 'no known location on this platform'
  return `PDF export needs Chromium or Chrome (for headless --print-to-pdf), and none was found (looked in ${looked}); install one (Debian: apt-get install chromium) or set CHROMIUM_PATH, or export HTML and print it from a browser`
}

export function chromiumPdfRenderer(chromium: string | null = findChromium()): PdfRenderer {
  return async (htmlFile, pdfFile) => {
    if (!chromium) throw new Error(missingChromiumMessage())
    // A throwaway profile, so a Chromium the user has open (or a stale lock) does not interfere.
    const profile = mkdtempSync(join(tmpdir(), 'prime-pdf-'))
    const args = [
      '--headless',
      // Chromium refuses to start its sandbox as root (containers, CI); the page has no scripts and a CSP of its own.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-pdf-header-footer',
      `--user-data-dir=${profile}`,
      `--print-to-pdf=${pdfFile}`,
      pathToFileURL(htmlFile).href,
    ]
    try {
      await new Promise<void>((resolve, reject) => {
        execFile(chromium, args, { timeout: PRINT_TIMEOUT_MS }, (error, _stdout, stderr) => {
          if (error) reject(new Error(`${chromium} could not print ${htmlFile} to PDF: ${error.message}\n${String(stderr).trim().split('\n').slice(-5).join('\n')}`))
          else resolve()
        })
      })
    } finally {
      rmSync(profile, { recursive: true, force: true })
    }
    if (!existsSync(pdfFile) || statSync(pdfFile).size === 0 || readFileSync(pdfFile).subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new Error(`${chromium} exited without writing a PDF to ${pdfFile}`)
    }
  }
}
