import { startHttp, type Target as HttpTarget } from '../support/http-targets.js';

/** A local HTTP target whose answer a test switches at will. */
export interface Target extends HttpTarget {
  status: number;
  hits: number;
}

export async function startTarget(): Promise<Target> {
  // `target` is set before any request can arrive: requests come only after this returns.
  const server = await startHttp((_req, res) => {
    target.hits++;
    res.writeHead(target.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: target.status === 200 ? 'ok' : 'failing' }));
  });
  const target: Target = Object.assign(server, { status: 200, hits: 0 });
  return target;
}
