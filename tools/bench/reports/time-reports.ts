/** The reports a supervisor opens, each timed over HTTP as the console would ask for it. */
export interface ReportTiming {
  report: string;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function reportPaths(endsAt: Date, days: number): Array<[string, string]> {
  const to = endsAt.toISOString();
  const from = (daysBack: number) => new Date(endsAt.getTime() - daysBack * 86_400_000).toISOString();
  const range = (daysBack: number) => `from=${encodeURIComponent(from(daysBack))}&to=${encodeURIComponent(to)}`;
  const year = Math.min(days, 365);
  const day = new Date(endsAt.getTime() - 86_400_000).toISOString().slice(0, 10);
  return [
    ['summary, a year', `/reports/summary?${range(year)}`],
    ['summary, a year per queue', `/reports/summary?${range(year)}&groupBy=queue`],
    ['summary, a year per agent', `/reports/summary?${range(year)}&groupBy=agent`],
    ['summary, a year per channel', `/reports/summary?${range(year)}&groupBy=channel`],
    ['summary, a year per agent as CSV', `/reports/summary?${range(year)}&groupBy=agent&format=csv`],
    ['summary, 30 days of one queue', `/reports/summary?${range(Math.min(days, 30))}&queue=support`],
    ['trend, a year by week', `/reports/trend?${range(year)}&bucket=week`],
    ['trend, a year by day', `/reports/trend?${range(year)}&bucket=day`],
    ['trend, 31 days by hour', `/reports/trend?${range(Math.min(days, 31))}&bucket=hour`],
    ['staffing, one day observed', `/staffing?date=${day}`],
    ['staffing, 4-week forecast', `/staffing?date=${day}&basis=forecast&weeks=4`],
  ];
}

export async function timeReports(
  baseUrl: string,
  token: string,
  paths: Array<[string, string]>,
  samples: number,
): Promise<ReportTiming[]> {
  const results: ReportTiming[] = [];
  for (const [report, path] of paths) {
    const timings: number[] = [];
    for (let i = 0; i < samples + 1; i += 1) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${report}: ${response.status} ${body.slice(0, 300)}`);
      if (i > 0) timings.push(performance.now() - started); // the first warms the plan cache and JIT
    }
    timings.sort((a, b) => a - b);
    const pick = (q: number) => Math.round(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]);
    results.push({ report, samples: timings.length, p50Ms: pick(0.5), p95Ms: pick(0.95), maxMs: Math.round(timings[timings.length - 1]) });
  }
  return results;
}
