import { describe, expect, it } from 'vitest';
import { formatIssue, sortIssues } from './issue.js';
import { formatPath } from './paths.js';

describe('formatIssue', () => {
  it('prints file:line:col: path: message', () => {
    expect(
      formatIssue({
        file: 'ops.yaml',
        line: 12,
        col: 5,
        path: 'services.api.depends_on[0]',
        message: 'm',
      }),
    ).toBe('ops.yaml:12:5: services.api.depends_on[0]: m');
  });

  it('leaves out a missing position and an empty path', () => {
    expect(
      formatIssue({ file: 'conf', line: 0, col: 0, path: '', message: 'no such file or folder' }),
    ).toBe('conf: no such file or folder');
    expect(formatIssue({ file: 'a.yaml', line: 3, col: 1, path: '', message: 'bad YAML' })).toBe(
      'a.yaml:3:1: bad YAML',
    );
  });
});

describe('sortIssues', () => {
  it('orders by file load order, then line and column', () => {
    const at = (file: string, line: number, col: number) => ({
      file,
      line,
      col,
      path: '',
      message: '',
    });
    const sorted = sortIssues(
      [at('b', 1, 1), at('a', 9, 1), at('a', 2, 7), at('a', 2, 3)],
      ['a', 'b'],
    );
    expect(sorted.map((i) => `${i.file}:${i.line}:${i.col}`)).toEqual([
      'a:2:3',
      'a:2:7',
      'a:9:1',
      'b:1:1',
    ]);
  });
});

describe('formatPath', () => {
  it('uses dots for identifiers and brackets for indices and other keys', () => {
    expect(formatPath(['services', 'api', 'depends_on', 0])).toBe('services.api.depends_on[0]');
    expect(formatPath(['services', 'api', 'labels', 'app.kubernetes.io/name'])).toBe(
      'services.api.labels["app.kubernetes.io/name"]',
    );
  });
});
