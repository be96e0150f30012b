import { describe, expect, it } from 'vitest';
import { displayWidth, truncate, wrapText } from '../../src/util/width.js';

describe('display width', () => {
  it('counts columns, not UTF-16 units: colour codes none, wide characters two, combining marks none', () => {
    expect(displayWidth('\x1b[1mabc\x1b[22m')).toBe(3);
    expect(displayWidth('表示')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('→ ✓')).toBe(3);
  });

  it('wraps by display width with a hanging indent, cutting words longer than a line', () => {
    const lines = wrapText(`表示幅 ${'word '.repeat(30)}${'x'.repeat(100)}`, 40, '  ', '    ');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(lines[0]!.startsWith('  表示幅')).toBe(true);
    expect(lines[1]!.startsWith('    word')).toBe(true);
  });

  it('truncates with an ellipsis within the width', () => {
    expect(truncate('表示幅のテスト', 7)).toBe('表示幅…');
    expect(truncate('short', 10)).toBe('short');
  });
});
