/* global Buffer */
// A webhook receiver for the `ops-webhook` channel: prints one line per alert-group
// notification Opsdeck sends (Alertmanager's webhook payload, version 4), so `npm start` shows
// routing, grouping and resolution at work without any external service.
import { createServer } from 'node:http';

/** One line for a notification: status, group labels, how many alerts, and dependents. */
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

export function createReceiver({ log }) {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        log(describeNotification(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      } catch {
        log('demo receiver: a request that is not an Alertmanager webhook payload');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
}
