import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../src/util/text.js';

describe('groupThousands', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [-1234567, '-1,234,567'],
    [1234.56, '1,234.56'],
    [0.25, '0.25'],
    [Number.NaN, 'NaN'],
    [1e21, '1e+21'],
  ])('%s → %s, as toLocaleString("en-US") would group it', (n, text) => {
    expect(groupThousands(n)).toBe(text);
  });
});
