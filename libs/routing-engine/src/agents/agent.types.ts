import { SkillLevels } from '../requirements/skill-expression';

/** A channel name: "voice", "chat", "email", "sms", "video", ... */
export type Channel = string;

/**
 * While an agent holds a contact on the key channel, the listed channels take no new contacts
 * ("*" for every other channel). `{ voice: '*' }` means a call blocks new chats and emails.
 */
export type CrossChannelRule = Readonly<Record<Channel, readonly Channel[] | '*'>>;

export interface AgentProfile {
  readonly id: string;
  /** Skill name -> level 1..5. */
  readonly skills: SkillLevels;
  /** Channel -> how many contacts at once; a missing channel means the agent takes none. */
  readonly capacity: Readonly<Record<Channel, number>>;
  /** Queues the agent serves. Unknown queue ids are kept and take effect once the queue exists. */
  readonly queues: readonly string[];
  /** Overrides the engine's default cross-channel rule for this agent. */
  readonly crossChannel?: CrossChannelRule;
}

export type AgentStatus = 'offline' | 'available' | 'away' | 'after-contact-work';

export type AgentState =
  | { readonly status: 'offline' }
  | { readonly status: 'available' }
  | { readonly status: 'away'; readonly reason: string }
  | { readonly status: 'after-contact-work'; readonly until: number };

/** What a supervisor's wallboard or the agent's desk shows about one agent. */
export interface AgentView {
  readonly profile: AgentProfile;
  readonly state: AgentState;
  /** Contacts offered or assigned, per channel. */
  readonly load: Readonly<Record<Channel, number>>;
  /** load / capacity over all channels the agent has capacity on, 0..1. */
  readonly occupancy: number;
  readonly offeredContactIds: readonly string[];
  readonly assignedContactIds: readonly string[];
  readonly consecutiveMissedOffers: number;
  /** Since when the agent has been idle, used by the longest-idle strategy. */
  readonly idleSince: number;
}
