import { describe, expect, it } from 'vitest';
import type { LabelSet } from '../model/labels.js';
import { compileRouteTree, matchRoutes, walkRoutes, type Route, type RouteSpec } from './index.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

// dispatch/route_test.go TestRouteMatchers, with `receiver: x` written as `notify: [x]`.
const amTree: RouteSpec = {
  notify: ['notify-def'],
  routes: [
    {
      matchers: ['{owner="team-A"}', '{level!="critical"}'],
      notify: ['notify-A'],
      routes: [
        {
          matchers: ['{env="testing"}', '{baz!~".*quux"}'],
          notify: ['notify-testing'],
          group_by: ['...'],
        },
        {
          matchers: ['{env="production"}'],
          notify: ['notify-productionA'],
          group_wait: 1 * M,
          continue: true,
        },
        {
          matchers: ['env=~"produ.*"', 'job=~".*"'],
          notify: ['notify-productionB'],
          group_wait: 30 * S,
          group_interval: 5 * M,
          repeat_interval: 1 * H,
          group_by: ['job'],
        },
      ],
    },
    {
      matchers: ['owner=~"team-(B|C)"'],
      group_by: ['foo', 'bar'],
      group_wait: 2 * M,
      notify: ['notify-BC'],
    },
    {
      matchers: ['group_by="role"'],
      group_by: ['role'],
      routes: [
        {
          matchers: ['{env="testing"}'],
          notify: ['notify-testing'],
          routes: [{ matchers: ['wait="long"'], group_wait: 2 * M }],
        },
      ],
    },
  ],
};

/** The fields Alertmanager's test compares (RouteOpts), plus the key. */
function opts(route: Route) {
  return {
    notify: route.notify[0],
    groupBy: [...route.groupBy].sort(),
    groupByAll: route.groupByAll,
    timings: [route.groupWait, route.groupInterval, route.repeatInterval],
    key: route.key,
  };
}

const DEF = [30 * S, 5 * M, 4 * H];
const cases: [LabelSet, ReturnType<typeof opts>[]][] = [
  [
    { owner: 'team-A' },
    [
      {
        notify: 'notify-A',
        groupBy: [],
        groupByAll: false,
        timings: DEF,
        key: '{}/{level!="critical",owner="team-A"}',
      },
    ],
  ],
  [
    { owner: 'team-A', env: 'unset' },
    [
      {
        notify: 'notify-A',
        groupBy: [],
        groupByAll: false,
        timings: DEF,
        key: '{}/{level!="critical",owner="team-A"}',
      },
    ],
  ],
  [
    { owner: 'team-C' },
    [
      {
        notify: 'notify-BC',
        groupBy: ['bar', 'foo'],
        groupByAll: false,
        timings: [2 * M, 5 * M, 4 * H],
        key: '{}/{owner=~"team-(B|C)"}',
      },
    ],
  ],
  [
    { owner: 'team-A', env: 'testing' },
    [
      {
        notify: 'notify-testing',
        groupBy: [],
        groupByAll: true,
        timings: DEF,
        key: '{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}',
      },
    ],
  ],
  [
    { owner: 'team-A', env: 'production' },
    [
      {
        notify: 'notify-productionA',
        groupBy: [],
        groupByAll: false,
        timings: [1 * M, 5 * M, 4 * H],
        key: '{}/{level!="critical",owner="team-A"}/{env="production"}',
      },
      {
        notify: 'notify-productionB',
        groupBy: ['job'],
        groupByAll: false,
        timings: [30 * S, 5 * M, 1 * H],
        key: '{}/{level!="critical",owner="team-A"}/{env=~"produ.*",job=~".*"}',
      },
    ],
  ],
  [
    { group_by: 'role' },
    [
      {
        notify: 'notify-def',
        groupBy: ['role'],
        groupByAll: false,
        timings: DEF,
        key: '{}/{group_by="role"}',
      },
    ],
  ],
  [
    { env: 'testing', group_by: 'role' },
    [
      {
        notify: 'notify-testing',
        groupBy: ['role'],
        groupByAll: false,
        timings: DEF,
        key: '{}/{group_by="role"}/{env="testing"}',
      },
    ],
  ],
  [
    { env: 'testing', group_by: 'role', wait: 'long' },
    [
      {
        notify: 'notify-testing',
        groupBy: ['role'],
        groupByAll: false,
        timings: [2 * M, 5 * M, 4 * H],
        key: '{}/{group_by="role"}/{env="testing"}/{wait="long"}',
      },
    ],
  ],
];

describe('matchRoutes (Alertmanager TestRouteMatchers)', () => {
  const tree = compileRouteTree(amTree);

  it.each(cases)('routes %j', (labels, expected) => {
    expect(matchRoutes(tree, labels).map(opts)).toEqual(expected);
  });

  it('takes the root when no child matches', () => {
    expect(matchRoutes(tree, { alertname: 'x' })).toEqual([tree]);
    expect(tree.key).toBe('{}');
  });

  it('walks depth-first in config order (TestRouteWalk)', () => {
    const seen: string[] = [];
    walkRoutes(tree, (r) => seen.push(r.notify[0] ?? '-'));
    expect(seen).toEqual([
      'notify-def',
      'notify-A',
      'notify-testing',
      'notify-productionA',
      'notify-productionB',
      'notify-BC',
      'notify-def',
      'notify-testing',
      'notify-testing',
    ]);
  });

  it('gives ids with the position among siblings', () => {
    const ids: string[] = [];
    walkRoutes(tree, (r) => ids.push(r.id));
    expect(ids.slice(0, 3)).toEqual([
      '{}',
      '{}/{level!="critical",owner="team-A"}/0',
      '{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}/0',
    ]);
    expect(ids[5]).toBe('{}/{owner=~"team-(B|C)"}/1');
  });
});
