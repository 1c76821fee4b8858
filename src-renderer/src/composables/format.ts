// Small formatting helpers shared by views.

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString()
}
