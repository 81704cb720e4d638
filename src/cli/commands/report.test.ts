import { expect, it } from 'vitest';
import { humanize } from './report.js';

it('humanizes seconds to the two largest units', () => {
  expect(
    [null, 0, 0.25, 45, 60, 252, 3600, 7380, 7399, 86_400, 8_696_700, -300].map(humanize),
  ).toEqual([
    '-',
    '0s',
    '250ms',
    '45s',
    '1m',
    '4m12s',
    '1h',
    '2h3m',
    '2h3m',
    '1d',
    '100d15h',
    '-5m',
  ]);
});
