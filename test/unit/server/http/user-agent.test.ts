// The session list's browser family (http/user-agent.ts): a family name, never the header itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserFamily } from '../../../../server/http/user-agent.js';

describe('browserFamily', () => {
  it('names the family of common browsers, and nothing more', () => {
    const cases: Array<[string | undefined, string]> = [
      ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome'],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
        'Edge',
      ],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari'],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1',
        'Chrome',
      ],
      ['curl/8.5.0', 'curl'],
      ['something else entirely', 'other'],
      [undefined, 'unknown'],
    ];
    for (const [ua, family] of cases) assert.equal(browserFamily(ua), family, ua);
  });
});
