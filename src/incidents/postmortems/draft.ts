/**
 * The generated first draft of a post-mortem's narrative: the sections the handbooks ask for,
 * prefilled from what responders already wrote on the incident (summary, impact, root cause,
 * resolution) and short prompts where nothing is written yet. Shown until someone saves a
 * body, so the write-up starts from the facts rather than from a blank page. Pure.
 */
import type { IncidentView } from '../types.js';

type WriteUps = Pick<IncidentView, 'summary' | 'impact' | 'root_cause' | 'resolution'>;

const PROMPTS = {
  summary: '_What happened, in two or three sentences a newcomer would understand._',
  impact: '_Who was affected, how, and for how long (customers, requests, revenue, data)._',
  causes: '_What made this possible? Several causes is normal; look for conditions, not culprits._',
  well: '_What helped: alerts that fired, runbooks that worked, people who stepped in._',
  badly: '_What slowed detection, response or recovery._',
  lessons: '_What we change so this does not happen again; each change becomes an action item._',
} as const;

/** Written text, or the prompt when it is empty. */
function or(text: string | null, prompt: string): string {
  return text !== null && text.trim() !== '' ? text.trim() : prompt;
}

export function draftBody(incident: WriteUps): string {
  const summary = [or(incident.summary, PROMPTS.summary)];
  if (incident.resolution?.trim()) summary.push(`**Resolution:** ${incident.resolution.trim()}`);
  const sections: [string, string][] = [
    ['Summary', summary.join('\n\n')],
    ['Impact', or(incident.impact, PROMPTS.impact)],
    ['Contributing causes', or(incident.root_cause, PROMPTS.causes)],
    ['What went well', PROMPTS.well],
    ['What went badly', PROMPTS.badly],
    ['Lessons learned', PROMPTS.lessons],
  ];
  return sections.map(([title, text]) => `## ${title}\n\n${text}`).join('\n\n') + '\n';
}
