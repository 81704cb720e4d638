import { expect, it } from 'vitest';
import {
  CHECK_KINDS as CONFIG_CHECK_KINDS,
  ID_PATTERN as CONFIG_ID_PATTERN,
} from '../config/index.js';
import { CHECK_KINDS, ID_PATTERN } from './config-constants.js';

it('keeps the CLI’s copies of the config constants equal to the originals', () => {
  expect(CHECK_KINDS).toEqual(CONFIG_CHECK_KINDS);
  expect(ID_PATTERN).toBe(CONFIG_ID_PATTERN);
});
