/** 75 → "1:15", 3725 → "1:02:05": the compact clock format of contact-centre screens. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function secondsSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, (now - at) / 1000);
}

/** "Ada Lovelace" → "Ada"; nothing when there is no name (the caller says how to address them). */
export function firstName(fullName: string | null | undefined): string | undefined {
  const first = (fullName ?? '').trim().split(/\s+/)[0];
  return first || undefined;
}
