// Generated passwords a resident can take down over the phone and type on a phone: small Latin
// letters in hyphenated groups of four, no letter that looks like a digit, as strong as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERATED_PASSWORD_BITS, generatePassword, PASSWORD_ALPHABET } from '../../../shared/auth/password.ts';

describe('generated password', () => {
  it('is five groups of four small letters without l or o', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      assert.match(password, /^[a-z]{4}(-[a-z]{4}){4}$/);
      assert.doesNotMatch(password, /[lo]/);
    }
    assert.ok(!PASSWORD_ALPHABET.includes('l') && !PASSWORD_ALPHABET.includes('o'));
  });

  it('keeps at least the strength of the 16 mixed-case characters it replaced (≈ 90 bits)', () => {
    assert.ok(GENERATED_PASSWORD_BITS >= 16 * Math.log2(50), String(GENERATED_PASSWORD_BITS));
  });

  it('uses every letter of its alphabet (no bias left out)', () => {
    const seen = new Set(Array.from({ length: 300 }, () => generatePassword().replace(/-/g, '')).join(''));
    assert.equal(seen.size, PASSWORD_ALPHABET.length);
  });
});
