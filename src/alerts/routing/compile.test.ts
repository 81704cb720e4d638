import { describe, expect, it } from 'vitest';
import { compileRouteTree, type Route, type RouteSpec } from './index.js';

describe('inheritance', () => {
  it('children inherit group_by ... unless they set labels (TestInheritParentGroupByAll)', () => {
    const tree = compileRouteTree({
      routes: [
        {
          matchers: ['env="parent"'],
          group_by: ['...'],
          routes: [
            { matchers: ['env="child1"'] },
            { matchers: ['env="child2"'], group_by: ['foo'] },
          ],
        },
      ],
    });
    const parent = tree.routes[0]!;
    expect(parent.groupByAll).toBe(true);
    expect(parent.routes[0]!.groupByAll).toBe(true);
    expect(parent.routes[1]!.groupByAll).toBe(false);
    expect([...parent.routes[1]!.groupBy]).toEqual(['foo']);
  });

  it('an empty group_by inherits, as in Alertmanager', () => {
    const tree = compileRouteTree({
      group_by: ['a'],
      routes: [{ matchers: ['x=y'], group_by: [] }],
    });
    expect([...tree.routes[0]!.groupBy]).toEqual(['a']);
  });

  it('inherits notify and severity_map unless set, but never time intervals', () => {
    const tree = compileRouteTree({
      notify: ['ops'],
      severity_map: { critical: 'P1' },
      routes: [
        {
          matchers: ['team="db"'],
          mute_time_intervals: ['weekends'],
          active_time_intervals: ['office'],
          routes: [
            { matchers: ['env="prod"'] },
            { matchers: ['env="dev"'], notify: [], severity_map: { critical: 'P3' } },
          ],
        },
      ],
    });
    const team = tree.routes[0]!;
    const [prod, dev] = team.routes as [Route, Route];
    expect(team.notify).toEqual(['ops']);
    expect(prod.notify).toEqual(['ops']);
    expect(prod.severityMap).toEqual({ critical: 'P1' });
    expect(team.muteTimeIntervals).toEqual(['weekends']);
    expect(prod.muteTimeIntervals).toEqual([]);
    expect(prod.activeTimeIntervals).toEqual([]);
    // An explicit empty list is a choice (notify nobody), not "unset".
    expect(dev.notify).toEqual([]);
    expect(dev.severityMap).toEqual({ critical: 'P3' });
  });
});

describe('compileRouteTree refuses what Alertmanager refuses on the root', () => {
  it.each([
    [{ matchers: ['a=b'] }, 'root route must not have any matchers'],
    [{ continue: true }, 'cannot have continue in root route'],
    [{ mute_time_intervals: ['x'] }, 'root route must not have any mute time intervals'],
    [{ active_time_intervals: ['x'] }, 'root route must not have any active time intervals'],
    [{ routes: [{ matchers: ['a=~"("'] }] }, /invalid regular expression/],
    [{ routes: [{ matchers: ['a-b=c'] }] }, 'bad matcher format: a-b=c'],
  ] as [RouteSpec, string | RegExp][])('%j', (spec, message) => {
    expect(() => compileRouteTree(spec)).toThrow(message);
  });
});
