import { describe, expect, it } from 'vitest';
import { loadErrors, writeTree } from '../testing.js';

const channels = `
channels:
  mail: { type: email, host: 127.0.0.1, from: ops@x.io }
  hook: { type: webhook, url: "http://127.0.0.1:9/h" }
  tg: { type: telegram, bot_token: "1:x" }
`;

async function errorsOf(yaml: string): Promise<string[]> {
  const dir = writeTree({ 'ops.yaml': yaml });
  return loadErrors(dir);
}

describe('paging references', () => {
  it('names unknown targets of escalation steps, with did-you-mean', async () => {
    const errors = await errorsOf(`${channels}
people:
  alice: { name: A, notify: { default: [hook] } }
escalation_policies:
  p:
    steps:
      - notify: [person:alise, schedule:none, team:sre, channel:hook]
`);
    expect(errors).toEqual([
      "ops.yaml:12:18: escalation_policies.p.steps[0].notify[0]: unknown person 'alise': not defined under people (did you mean 'alice'?)",
      "ops.yaml:12:32: escalation_policies.p.steps[0].notify[1]: unknown schedule 'none': not defined under schedules",
      "ops.yaml:12:47: escalation_policies.p.steps[0].notify[2]: unknown team 'sre': not defined under teams",
    ]);
  });

  it('refuses steps that page people without notification rules', async () => {
    const errors = await errorsOf(`${channels}
people:
  alice: { name: A }
  bob: { name: B, notify: { default: [hook] } }
teams:
  sre: { members: [alice, bob] }
escalation_policies:
  p: { steps: [{ notify: [team:sre] }] }
`);
    expect(errors).toEqual([
      "ops.yaml:13:27: escalation_policies.p.steps[0].notify[0]: team:sre pages 'alice', who has no notification rules (people.<id>.notify)",
    ]);
  });

  it('checks the policies routes and services name', async () => {
    const errors = await errorsOf(`
escalation_policies:
  default: { steps: [{ notify: [channel:hook] }] }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/h" }
services:
  api: { escalation: defualt }
routes:
  escalation: nope
  routes:
    - { matchers: [a=b], escalation: default }
`);
    expect(errors).toEqual([
      "ops.yaml:7:22: services.api.escalation: unknown escalation policy 'defualt': not defined under escalation_policies (did you mean 'default'?)",
      "ops.yaml:9:15: routes.escalation: unknown escalation policy 'nope': not defined under escalation_policies",
    ]);
  });

  it('checks notification rules: severities, channels, and an address for the channel', async () => {
    const errors = await errorsOf(`${channels}
people:
  alice:
    name: A
    notify:
      P9: [hook]
      P1: [mail, { channel: tg, after: 5m }, nope]
`);
    expect(errors).toEqual([
      "ops.yaml:11:11: people.alice.notify.P9: unknown severity 'P9': notification rules are keyed by a severity id or default (did you mean 'P0'?)",
      "ops.yaml:12:12: people.alice.notify.P1[0]: channel 'mail' sends email, but people.alice has no email",
      "ops.yaml:12:29: people.alice.notify.P1[1].channel: channel 'tg' has no chat_id and people.alice has no telegram_chat_id",
      "ops.yaml:12:46: people.alice.notify.P1[2]: unknown channel 'nope': not defined under channels",
    ]);
  });

  it('refuses escalation steps whose after does not grow, and a late first step', async () => {
    const errors = await errorsOf(`
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/h" }
escalation_policies:
  p:
    steps:
      - { after: 5m, notify: [channel:hook] }
      - { after: 30m, notify: [channel:hook] }
      - { after: 30m, notify: [channel:hook] }
      - { notify: [] }
`);
    expect(errors).toEqual([
      'ops.yaml:7:18: escalation_policies.p.steps[0].after: the first step pages at once: leave out after (or 0s)',
      'ops.yaml:9:18: escalation_policies.p.steps[2].after: after counts from the incident’s start and must be later than the previous step’s',
      'ops.yaml:10:19: escalation_policies.p.steps[3].notify: a step must notify someone',
    ]);
  });
});
