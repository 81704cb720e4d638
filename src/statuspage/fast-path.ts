import type { FastPath } from '../http/server.js';
import { encodingFor, notModified } from './artifact.js';
import type { StatusPages } from './pages.js';
import { statusHtml } from './render/html.js';
import { summaryJson } from './render/summary.js';
import { headersFor, HTML, JSON_TYPE } from './routes.js';

/** `/status/<slug>` and its summary.json, without a query string. */
const PATH = /^\/status\/([a-z0-9][a-z0-9-]{0,63})(\/api\/v2\/summary\.json)?$/;

export type ObserveRequest = (route: string, statusCode: number, seconds: number) => void;

/**
 * The page and its JSON summary during an outage, when everyone reloads them: public pages
 * already built are written straight from memory, before Fastify's routing and hooks (see
 * FastPath); a page due for a rebuild is served as it is while the rebuild runs (see
 * `StatusPages.servable`). Everything else (a password, a query, a page not built yet, another
 * path) goes on to the routes in routes.ts, which give the same answers.
 */
export function statusFastPath(pages: StatusPages, observe: ObserveRequest): FastPath {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    const answers = pages.servable(match[1]!);
    if (!answers || answers.model.config.password) return false;
    const started = performance.now();
    const summary = match[2] !== undefined;
    const artifact = summary
      ? answers.get('summary', JSON_TYPE, summaryJson)
      : answers.get('html', HTML, statusHtml);
    const h = req.headers;
    let code = 200;
    if (notModified(artifact, h['if-none-match'], h['if-modified-since'])) {
      code = 304;
      res.writeHead(304, headersFor(artifact, undefined, false));
      res.end();
    } else {
      const [body, encoding] = encodingFor(artifact, h['accept-encoding']);
      res.setHeader('content-length', body.length);
      res.writeHead(200, headersFor(artifact, encoding, false));
      res.end(req.method === 'HEAD' ? undefined : body);
    }
    observe(
      summary ? '/status/:slug/api/v2/summary.json' : '/status/:slug',
      code,
      (performance.now() - started) / 1000,
    );
    return true;
  };
}
