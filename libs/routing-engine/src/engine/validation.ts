import { AgentProfile, CrossChannelRule } from '../agents/agent.types';
import { ContactRequest, TransferTarget } from '../contacts/contact.types';
import { RoutingError } from '../errors';
import { QueueDefinition } from '../queues/queue.types';
import { validateRelaxationSteps } from '../requirements/relaxation';
import { validateSkillExpression, validateSkillLevel } from '../requirements/skill-expression';
import { ROUTING_STRATEGIES } from '../strategies/strategy.types';

const invalid = (message: string): never => {
  throw new RoutingError('invalid-definition', message);
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new RoutingError('invalid-argument', `${what} must be a non-empty string`);
  }
  return value;
}

export function requireTime(now: unknown): number {
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) {
    throw new RoutingError('invalid-argument', 'now must be a finite, non-negative number of milliseconds');
  }
  return now;
}

function optionalPositive(value: unknown, where: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
    invalid(`${where} must be a positive number`);
  }
}

function optionalNonNegative(value: unknown, where: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    invalid(`${where} must be zero or more`);
  }
}

export function validateCrossChannel(rule: unknown, where: string): CrossChannelRule {
  if (!isRecord(rule)) return invalid(`${where} must be an object`);
  for (const [channel, blocked] of Object.entries(rule)) {
    if (blocked === '*') continue;
    if (!Array.isArray(blocked) || blocked.some((c) => typeof c !== 'string')) {
      invalid(`${where}.${channel} must be "*" or a list of channels`);
    }
  }
  return rule as CrossChannelRule;
}

export function validateAgentProfile(profile: unknown): AgentProfile {
  if (!isRecord(profile)) return invalid('agent profile must be an object');
  const id = requireId(profile.id, 'agent id');
  if (!isRecord(profile.skills)) invalid(`agent ${id}: skills must be an object`);
  for (const [skill, level] of Object.entries(profile.skills as object)) validateSkillLevel(level, `agent ${id}: skills.${skill}`);
  if (!isRecord(profile.capacity)) invalid(`agent ${id}: capacity must be an object`);
  for (const [channel, cap] of Object.entries(profile.capacity as object)) {
    if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 0)
      invalid(`agent ${id}: capacity.${channel} must be a whole number >= 0`);
  }
  if (!Array.isArray(profile.queues) || profile.queues.some((q) => typeof q !== 'string' || q.length === 0)) {
    invalid(`agent ${id}: queues must be a list of queue ids`);
  }
  if (profile.crossChannel !== undefined) validateCrossChannel(profile.crossChannel, `agent ${id}: crossChannel`);
  return { ...(profile as unknown as AgentProfile), queues: [...new Set(profile.queues as string[])] };
}

export function validateQueueDefinition(definition: unknown): QueueDefinition {
  if (!isRecord(definition)) return invalid('queue definition must be an object');
  const id = requireId(definition.id, 'queue id');
  const where = `queue ${id}`;
  if (definition.priority !== undefined && (typeof definition.priority !== 'number' || !Number.isFinite(definition.priority))) {
    invalid(`${where}: priority must be a number`);
  }
  const requirements = validateRelaxationSteps(definition.requirements, `${where}: requirements`);
  if (definition.strategy !== undefined && !ROUTING_STRATEGIES.includes(definition.strategy as never)) {
    invalid(`${where}: strategy must be one of ${ROUTING_STRATEGIES.join(', ')}`);
  }
  const sl = definition.serviceLevel;
  if (sl !== undefined) {
    if (!isRecord(sl) || typeof sl.percent !== 'number' || !(sl.percent > 0 && sl.percent <= 100)) {
      invalid(`${where}: serviceLevel.percent must be in (0, 100]`);
    }
    optionalPositive((sl as Record<string, unknown>).withinSeconds ?? -1, `${where}: serviceLevel.withinSeconds`);
  }
  optionalPositive(definition.maxWaitSeconds, `${where}: maxWaitSeconds`);
  if (definition.overflowQueueId !== undefined) requireId(definition.overflowQueueId, `${where}: overflowQueueId`);
  if (definition.overflowQueueId !== undefined && definition.maxWaitSeconds === undefined) {
    invalid(`${where}: an overflow queue needs maxWaitSeconds`);
  }
  optionalPositive(definition.offerTimeoutSeconds, `${where}: offerTimeoutSeconds`);
  optionalNonNegative(definition.afterContactWorkSeconds, `${where}: afterContactWorkSeconds`);
  return { ...(definition as unknown as QueueDefinition), requirements };
}

export function validateContactRequest(request: unknown): ContactRequest {
  if (!isRecord(request)) throw new RoutingError('invalid-argument', 'contact must be an object');
  const id = requireId(request.id, 'contact id');
  requireId(request.queueId, `contact ${id}: queueId`);
  requireId(request.channel, `contact ${id}: channel`);
  const bad = (why: string): never => {
    throw new RoutingError('invalid-argument', `contact ${id}: ${why}`);
  };
  if (request.priority !== undefined && (typeof request.priority !== 'number' || !Number.isFinite(request.priority)))
    bad('priority must be a number');
  if (request.requires !== undefined) {
    try {
      validateSkillExpression(request.requires, 'requires');
    } catch (error) {
      bad((error as Error).message);
    }
  }
  if (request.preferredAgentId !== undefined && (typeof request.preferredAgentId !== 'string' || request.preferredAgentId === ''))
    bad('preferredAgentId must be a non-empty string');
  if (request.preferredForSeconds !== undefined && (typeof request.preferredForSeconds !== 'number' || !(request.preferredForSeconds > 0)))
    bad('preferredForSeconds must be positive');
  if (request.arrivedAt !== undefined && (typeof request.arrivedAt !== 'number' || !Number.isFinite(request.arrivedAt)))
    bad('arrivedAt must be a time in ms');
  return request as unknown as ContactRequest;
}

export function validateTransferTarget(target: unknown): TransferTarget {
  if (!isRecord(target)) throw new RoutingError('invalid-transfer', 'transfer target must be an object');
  if (target.agentId === undefined && target.queueId === undefined)
    throw new RoutingError('invalid-transfer', 'transfer needs a queueId or an agentId');
  if (target.agentId !== undefined) requireId(target.agentId, 'transfer agentId');
  if (target.queueId !== undefined) requireId(target.queueId, 'transfer queueId');
  if (target.timeoutSeconds !== undefined && (typeof target.timeoutSeconds !== 'number' || !(target.timeoutSeconds > 0))) {
    throw new RoutingError('invalid-transfer', 'transfer timeoutSeconds must be positive');
  }
  return target as unknown as TransferTarget;
}
