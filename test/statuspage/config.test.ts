/** `status_pages` config: shapes, references, ids and contrast, each error naming its field. */
import { describe, expect, it } from 'vitest';
import { loadErrors, writeTree } from '../../src/config/testing.js';
import { loadConfig } from '../../src/config/index.js';

const SERVICES = `services:
  api:
    checks:
      health: { http: { url: "http://127.0.0.1:1/" } }
  db: {}
`;

const errorsOf = (yaml: string) => loadErrors(writeTree({ 'ops.yaml': SERVICES + yaml }));

describe('status_pages config', () => {
  it('loads a page with groups, defaults filled in', async () => {
    const dir = writeTree({
      'ops.yaml': `${SERVICES}status_pages:
  public:
    title: Acme status
    components:
      - service: api
      - group: Backend
        components: [{ check: api/health, name: Health }, { service: db }]
`,
    });
    const { config } = await loadConfig(dir);
    const page = config.status_pages.public!;
    expect(page.time_zone).toBe('UTC');
    expect(page.colours.background).toBe('#ffffff');
    expect(page.components[1]!.components![0]!.check).toBe('api/health');
  });

  it('names the field of every bad value', async () => {
    const errors = await errorsOf(`status_pages:
  Bad_Slug:
    title: x
    components: [{ service: api }]
  ok:
    title: x
    colours: { background: "#ffffff", text: "#dddddd", accent: blue }
    components:
      - { service: apii }
      - { check: api/helth }
      - { check: nope/x }
      - { service: api, check: api/health }
      - { group: G }
      - { group: G, components: [{ group: H }] }
      - { service: db, id: api }
`);
    expect(errors).toEqual([
      "ops.yaml:7:3: status_pages.Bad_Slug: expected a slug (lowercase letters, digits and '-', not starting with '-'), got 'Bad_Slug'",
      'ops.yaml:12:45: status_pages.ok.colours.text: contrast with the background (#ffffff) is 1.36:1; text needs at least 4.5:1',
      "ops.yaml:12:64: status_pages.ok.colours.accent: expected a colour like #0b5fff or #fff, got 'blue'",
      "ops.yaml:14:20: status_pages.ok.components[0].service: unknown service 'apii': not defined under services (did you mean 'api'?)",
      "ops.yaml:15:18: status_pages.ok.components[1].check: unknown check 'api/helth': service 'api' has no check 'helth' (did you mean 'health'?)",
      "ops.yaml:16:18: status_pages.ok.components[2].check: unknown service 'nope' in check 'nope/x': not defined under services",
      'ops.yaml:17:9: status_pages.ok.components[3]: set exactly one of `service` (a service id) or `check` (service/check)',
      'ops.yaml:18:9: status_pages.ok.components[4]: a group needs `components`',
      'ops.yaml:19:34: status_pages.ok.components[5].components[0]: set exactly one of `service` (a service id) or `check` (service/check)',
      "ops.yaml:19:36: status_pages.ok.components[5].components[0].group: unknown key 'group'",
      "ops.yaml:20:28: status_pages.ok.components[6].id: component id 'api' is already used on this page (at status_pages.ok.components[3]); give one an `id`",
    ]);
  });
});
