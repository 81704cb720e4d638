/* global Buffer */
// The demo's stand-in for Slack, PagerDuty and any webhook: every channel of examples/ops.yaml
// points here unless its variable is set, and each request becomes one line, so `npm start`
// shows routing, paging, escalation and resolution without any external service.
import { createServer } from 'node:http';

/** One line for an Alertmanager-format alert-group notification (the `ops-webhook` channel). */
export function describeNotification(body) {
  const labels = Object.entries(body.groupLabels ?? {})
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  const firing = (body.alerts ?? []).filter((a) => a.status === 'firing').length;
  const resolved = (body.alerts ?? []).length - firing;
  const held = body.dependents?.length
    ? `; ${body.dependents.length} alert(s) of dependent services held back`
    : '';
  const severity = body.severity ? ` ${body.severity}` : '';
  return `demo receiver: ${body.status}${severity} {${labels}}: ${firing} firing, ${resolved} resolved${held}`;
}

/** One line for any request: which channel kind it came in as, and what it says. */
export function describeRequest(path, body) {
  if (path.startsWith('/pagerduty'))
    return `demo receiver (PagerDuty Events v2): ${body.event_action} ${body.dedup_key}${body.payload ? `: ${body.payload.summary}` : ''}`;
  if (path.startsWith('/slack')) return `demo receiver (Slack): ${body.text}`;
  if (body?.version === '4') return describeNotification(body);
  if (body?.version === '1' && body.event)
    return `demo receiver (webhook): ${body.event}${body.recipient ? ` for ${body.recipient.name}` : ''}: ${body.title}`;
  return `demo receiver: ${path} ${JSON.stringify(body).slice(0, 120)}`;
}

export function createReceiver({ log }) {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        log(describeRequest(req.url ?? '/', JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      } catch {
        log(`demo receiver: ${req.url} sent a body that is not JSON`);
      }
      // PagerDuty answers 202 with a small JSON body; Slack answers 200 "ok"; webhooks 200.
      if ((req.url ?? '').startsWith('/pagerduty'))
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end('{"status":"success","message":"Event processed"}');
      else if ((req.url ?? '').startsWith('/slack'))
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
}
