import { firstName } from '../ui/format';

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
}

/** Placeholders: {{firstName}} (the customer's), {{agentName}} (the agent's full name), {{agentFirstName}}. */
export const CANNED_RESPONSES: CannedResponse[] = [
  { id: 'greeting', title: 'Greeting', text: 'Hi {{firstName}}, this is {{agentName}}. How can I help you today?' },
  { id: 'checking', title: 'Checking', text: 'Thanks {{firstName}}, let me check that for you. One moment please.' },
  { id: 'order-number', title: 'Ask order number', text: 'Could you give me your order number, {{firstName}}? It starts with a #.' },
  { id: 'apology', title: 'Apology', text: "I'm sorry about this, {{firstName}}. I'll make sure it gets sorted out." },
  { id: 'anything-else', title: 'Anything else', text: 'Is there anything else I can help you with, {{firstName}}?' },
  { id: 'goodbye', title: 'Goodbye', text: 'Thank you for contacting us, {{firstName}}. Have a great day! — {{agentFirstName}}' },
];

export function fillPlaceholders(template: string, values: { customerName?: string | null; agentName: string }): string {
  const replacements: Record<string, string> = {
    firstName: firstName(values.customerName),
    agentName: values.agentName,
    agentFirstName: firstName(values.agentName),
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => replacements[name] ?? whole);
}
