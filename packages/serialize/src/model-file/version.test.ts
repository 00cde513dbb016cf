import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CREATED_BY, SERIALIZE_VERSION } from './version.js';

describe('created_by', () => {
  it('names this package at the version its package.json gives', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SERIALIZE_VERSION).toBe(pkg.version);
    expect(CREATED_BY).toBe(`${pkg.name} ${pkg.version}`);
  });
});
