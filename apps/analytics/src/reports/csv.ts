/**
 * RFC 4180 CSV, small enough not to need a dependency (ADR 0064): fields with a comma, quote or
 * line break are quoted, quotes doubled. Text a spreadsheet would run as a formula (=, +, -, @ or a
 * tab first) gets a leading apostrophe, so an exported name cannot become a formula (OWASP's advice).
 */
export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
