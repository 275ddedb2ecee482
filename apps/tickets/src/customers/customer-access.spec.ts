import { ForbiddenException } from '@nestjs/common';
import type { AuthClaims } from '@garda/contracts';
import type { DataSource } from 'typeorm';
import { assertMayReadCustomer } from './customer-access';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CUSTOMER = '00000000-0000-4000-8000-000000000aaa';
const agent: AuthClaims = { sub: '00000000-0000-4000-8000-000000000201', tenantId: TENANT, role: 'agent', name: 'Alice Agent' };

function dataSource(assigned: boolean) {
  const existsBy = jest.fn(async () => assigned);
  return { source: { getRepository: () => ({ existsBy }) } as unknown as DataSource, existsBy };
}

describe('assertMayReadCustomer', () => {
  it("lets an agent read a customer of one of their own conversations, asking within the caller's tenant", async () => {
    const { source, existsBy } = dataSource(true);
    await expect(assertMayReadCustomer(source, agent, CUSTOMER)).resolves.toBe('assigned');
    expect(existsBy).toHaveBeenCalledWith({ tenantId: TENANT, customerId: CUSTOMER, assignedAgentId: agent.sub });
  });

  it('refuses an agent any other customer with 403', async () => {
    await expect(assertMayReadCustomer(dataSource(false).source, agent, CUSTOMER)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('lets supervisors and admins read every customer of their tenant', async () => {
    const { source, existsBy } = dataSource(false);
    await expect(assertMayReadCustomer(source, { ...agent, role: 'supervisor' }, CUSTOMER)).resolves.toBe('tenant');
    await expect(assertMayReadCustomer(source, { ...agent, role: 'admin' }, CUSTOMER)).resolves.toBe('tenant');
    expect(existsBy).not.toHaveBeenCalled();
  });
});
