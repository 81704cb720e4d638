import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { parseStorageUrl, redactUrl } from './url.js';

function badRequest(url: string): AppError {
  try {
    parseStorageUrl(url);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_request');
    return err as AppError;
  }
  throw new Error(`expected ${url} to be rejected`);
}

describe('parseStorageUrl', () => {
  it('resolves relative SQLite paths against cwd and keeps absolute ones', () => {
    expect(parseStorageUrl('sqlite:./data/opsdeck.db', '/srv/app')).toEqual({
      dialect: 'sqlite',
      path: '/srv/app/data/opsdeck.db',
      displayUrl: 'sqlite:./data/opsdeck.db',
    });
    expect(parseStorageUrl('sqlite:data.db', '/srv').dialect).toBe('sqlite');
    expect(parseStorageUrl('sqlite:/var/lib/opsdeck/db.sqlite')).toMatchObject({
      path: '/var/lib/opsdeck/db.sqlite',
    });
    expect(parseStorageUrl('SQLite:/x.db')).toMatchObject({ dialect: 'sqlite', path: '/x.db' });
  });

  it('accepts sqlite::memory:', () => {
    expect(parseStorageUrl('sqlite::memory:')).toMatchObject({
      dialect: 'sqlite',
      path: ':memory:',
    });
  });

  it('accepts postgres:// and postgresql://, redacting the password for display', () => {
    const pg = parseStorageUrl('postgres://user:s3cret@db.internal:5432/opsdeck?sslmode=require');
    expect(pg).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://user:s3cret@db.internal:5432/opsdeck?sslmode=require',
      displayUrl: 'postgres://user:***@db.internal:5432/opsdeck?sslmode=require',
    });
    expect(parseStorageUrl('postgresql://u@localhost/db')).toMatchObject({
      dialect: 'postgres',
      displayUrl: 'postgresql://u@localhost/db',
    });
    expect(parseStorageUrl('POSTGRES://u:p@h/db')).toMatchObject({
      connectionString: 'postgres://u:p@h/db',
    });
  });

  it('rejects other schemes naming the accepted forms, without echoing credentials', () => {
    const err = badRequest('mysql://root:hunter2@db/ops');
    expect(err.message).toBe(
      "unsupported storage scheme 'mysql:'; expected sqlite:PATH (e.g. sqlite:./data/opsdeck.db), " +
        'sqlite::memory:, or postgres://USER:PASSWORD@HOST:PORT/DATABASE (postgresql:// also accepted)',
    );
    expect(badRequest('./data/opsdeck.db').message).toMatch(
      /^unsupported storage URL without a scheme; expected sqlite:PATH/,
    );
    expect(badRequest('').message).toMatch(/^storage URL is empty; expected sqlite:PATH/);
    expect(badRequest('sqlite:').message).toMatch(/has no path/);
    expect(badRequest('sqlite:///data/x.db').message).toMatch(
      /ambiguous: write sqlite:\/absolute\/path/,
    );
  });

  it('rejects a malformed PostgreSQL URL without echoing it', () => {
    const err = badRequest('postgres://u:pa/ss@host/db');
    expect(err.message).toMatch(/^malformed postgres:\/\/ storage URL \(percent-encode/);
    expect(err.message).not.toContain('pa/ss');
  });
});

describe('redactUrl', () => {
  it('replaces passwords in user info and in a password parameter', () => {
    expect(redactUrl('postgres://user:pw@host/db')).toBe('postgres://user:***@host/db');
    expect(redactUrl('postgres://host/db?user=u&password=pw')).toBe(
      'postgres://host/db?user=u&password=***',
    );
    expect(redactUrl('postgres://user@host:6543/db')).toBe('postgres://user@host:6543/db');
    expect(redactUrl('not a url')).toBe('<unparseable URL>');
  });
});
