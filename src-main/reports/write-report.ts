// Writes a built report to disk as HTML, or prints it to PDF through `renderPdf` (the HTML goes to a temporary
// folder first, since both Chromium and Electron print from a file URL). Shared by the host's export and the CLI.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomicSync } from '../storage/atomic-file'
import type { PdfRenderer } from './pdf'

export async function writeReport(html: string, format: 'html' | 'pdf', outPath: string, renderPdf: PdfRenderer): Promise<void> {
  if (format === 'html') {
    writeFileAtomicSync(outPath, html)
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'prime-report-'))
  try {
    const htmlFile = join(dir, 'report.html')
    writeFileAtomicSync(htmlFile, html)
    await renderPdf(htmlFile, outPath)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
