/** Something the service needs before it can take traffic (its database, its consumers). */
export interface ReadinessCheck {
  name: string;
  isReady(): Promise<boolean> | boolean;
}

/** Collects readiness checks; /health/ready answers 200 only when all of them pass. */
export class Readiness {
  private readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const results = await Promise.all(
      this.checks.map(async (check) => [check.name, await Promise.resolve(check.isReady()).catch(() => false)] as const),
    );
    return { ready: results.every(([, ok]) => ok), checks: Object.fromEntries(results) };
  }
}
