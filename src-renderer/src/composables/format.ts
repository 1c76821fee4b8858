// Small formatting helpers shared by views.

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString()
}

/** A date without the time, as tables with little room show it (the full time goes in the tooltip). */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}
