import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolate.js';

describe('interpolate', () => {
  const env = { HOST: 'db.internal', PORT: '5432', EMPTY: '' };

  it('expands ${VAR} anywhere in the text', () => {
    expect(interpolate('postgres://${HOST}:${PORT}/ops', env)).toEqual({
      value: 'postgres://db.internal:5432/ops',
      vars: ['HOST', 'PORT'],
      whole: false,
    });
  });

  it('marks a text that is exactly one reference as whole', () => {
    expect(interpolate('${PORT}', env)).toEqual({ value: '5432', vars: ['PORT'], whole: true });
  });

  it('uses the default when the variable is unset or empty', () => {
    expect(interpolate('${NOPE:-8080}', env)).toMatchObject({ value: '8080' });
    expect(interpolate('${EMPTY:-fallback}', env)).toMatchObject({ value: 'fallback' });
    expect(interpolate('${NOPE:-}', env)).toMatchObject({ value: '', whole: true });
    expect(interpolate('${NOPE:-a:b/c d}', env)).toMatchObject({ value: 'a:b/c d' });
  });

  it('keeps a set-but-empty variable without default as empty', () => {
    expect(interpolate('x${EMPTY}y', env)).toMatchObject({ value: 'xy' });
  });

  it('treats $${ as a literal ${ and leaves other dollars alone', () => {
    expect(interpolate('cost $5, $${HOST} and $$', env)).toEqual({
      value: 'cost $5, ${HOST} and $$',
      vars: [],
      whole: false,
    });
  });

  it('fails on a missing variable without printing any value', () => {
    expect(interpolate('${TOKEN}', env)).toEqual({
      error: 'environment variable ${TOKEN} is not set (write ${TOKEN:-default} to give a default)',
    });
  });

  it('fails on malformed references', () => {
    expect(interpolate('${HOST', env)).toEqual({
      error: "unterminated '${' (write '$${' for a literal '${')",
    });
    expect(interpolate('${1X}', env)).toMatchObject({
      error: expect.stringContaining("invalid reference '${1X}'"),
    });
    expect(interpolate('${}', env)).toMatchObject({
      error: expect.stringContaining('invalid reference'),
    });
  });
});
