import type { Page } from 'playwright-core'

/** Types `value` into the launch form's field `name`, opening its collapsible section first if it is closed. */
export async function setField(page: Page, section: string, name: string, value: string): Promise<void> {
  const details = page.locator(`[data-section="${section}"]`)
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click()
  await page.locator(`[data-testid="launch-form"] input[name="${name}"]`).fill(value)
}
