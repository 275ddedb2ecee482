import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configReference, describeVariable, generatedRegion, loadServices, withRegion } from './config-reference';

const root = join(__dirname, '..', '..');

describe('configuration reference (docs/operations.md)', () => {
  const services = loadServices(root);

  it("is exactly what the services' config schemas say (run `npm run docs:config` after changing one)", () => {
    const doc = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');
    expect(generatedRegion(doc)).toBe(configReference(services));
  });

  it('covers every service, and every variable each of them reads', () => {
    expect(services.map((s) => s.name).sort()).toEqual([
      'analytics',
      'channels-ingest',
      'customers',
      'gateway',
      'notifications',
      'routing',
      'tickets',
    ]);
    const generated = configReference(services);
    for (const service of services) {
      for (const variable of Object.keys(service.configShape))
        expect({ variable, documented: generated.includes(`| \`${variable}\` |`) }).toEqual({ variable, documented: true });
    }
    for (const variable of ['METRICS_PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_BSP_SCHEDULE_DELAY'])
      expect(generated).toContain(`| \`${variable}\` |`);
  });

  it('reads required, defaults as written in the environment, and allowed values from the schema', () => {
    const flag = z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true')
      .describe('Run it');
    expect(describeVariable('FLAG', flag)).toEqual({ required: false, defaultValue: 'true', meaning: 'Run it. One of `true`, `false`.' });
    const delay = z.preprocess((v) => v, z.coerce.number().default(2000)).describe('Delay');
    expect(describeVariable('DELAY', delay)).toEqual({ required: false, defaultValue: '2000', meaning: 'Delay' });
    expect(describeVariable('URL', z.string().url().describe('Where'))).toEqual({
      required: true,
      defaultValue: undefined,
      meaning: 'Where',
    });
    expect(() => describeVariable('MYSTERY', z.string())).toThrow(/MYSTERY has no \.describe\(\)/);
  });

  it('replaces only the marked region', () => {
    const doc = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');
    const rewritten = withRegion(doc, 'NEW TABLE');
    expect(generatedRegion(rewritten)).toBe('NEW TABLE');
    expect(rewritten.split(generatedRegion(doc)!).length).toBe(1);
    expect(rewritten.startsWith(doc.slice(0, doc.indexOf('<!-- config-reference:begin')))).toBe(true);
  });
});
