// `npm run chaos`, small: one fault of each kind (a service killed and restarted, the Kafka broker
// restarted, PostgreSQL restarted, a consumer stalled past its session timeout) under a light
// steady web-chat load. What customers and agents would notice must be nothing: no contact lost
// or assigned twice, no reply pushed twice, no agent over capacity. Times are reported, not judged.
import { type ChaosReport, runChaos } from './chaos-run';

jest.setTimeout(12 * 60_000);

describe('chaos: one fault of each kind under load (private Kafka, embedded PostgreSQL, every service)', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      faults: [
        { kind: 'kill', service: 'routing' },
        { kind: 'restart-kafka' },
        { kind: 'restart-postgres' },
        { kind: 'stall', service: 'tickets', forMs: 20_000 },
      ],
      rate: 1,
      agents: 4,
      capacity: 3,
      handleTimeMs: { min: 1000, max: 2000 },
      steadyMs: 5_000,
      observeMs: 15_000,
      drainMs: 90_000,
      log: (line) => process.stderr.write(`[chaos] ${line}\n`),
    });
  });

  it.each(['kill -9 routing', 'restart Kafka', 'restart PostgreSQL', 'stall tickets 20 s (SIGSTOP/SIGCONT)'])(
    '%s: every contact assigned once, no reply sent twice, no agent over capacity',
    (name) => {
      const fault = report.faults.find((candidate) => candidate.fault === name);
      expect(fault).toBeDefined();
      // Contacts were flowing around the fault, so the zeros below measured something.
      expect(fault!.contactsAssigned).toBeGreaterThan(0);
      expect({
        lost: fault!.contactsLost,
        assignedTwice: fault!.contactsAssignedTwice,
        sentTwice: fault!.customerMessagesSentTwice,
        overCapacity: fault!.agentsOverCapacity,
      }).toEqual({ lost: 0, assignedTwice: 0, sentTwice: 0, overCapacity: 0 });
    },
  );
});
