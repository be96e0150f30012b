import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../src/util/text.js';
import { runPerfctl } from '../helpers/cli.js';

describe('command-line conventions', () => {
  it("lists the global options in each command's --help", async () => {
    for (const command of [['report'], ['indexes', 'plan'], ['validate']]) {
      const help = await runPerfctl([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Global Options:[\s\S]*--db <url>[\s\S]*--json[\s\S]*--no-color/);
    }
  });

  it('plan --exit-code: a usage error exits 1, since 2 means changes pending there', async () => {
    const detailed = await runPerfctl(['indexes', 'plan', '--exit-code', '--no-such-flag']);
    expect(detailed.stderr).toContain("unknown option '--no-such-flag'");
    expect(detailed.code).toBe(1);
    expect((await runPerfctl(['indexes', 'plan', '--no-such-flag'])).code).toBe(2);
  });

  it('prints timestamps in UTC and says so', () => {
    expect(formatTimestamp('2026-01-02T03:04:05.678Z')).toBe('2026-01-02 03:04 UTC');
    expect(formatTimestamp('2026-01-02 03:04:05.678901+01')).toBe('2026-01-02 02:04 UTC');
    expect(formatTimestamp('2026-01-02 03:04:05-05:30')).toBe('2026-01-02 08:34 UTC');
    expect(formatTimestamp('not a time')).toBe('not a time');
  });
});
