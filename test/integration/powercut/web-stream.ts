// Web voters going through the real form (support/web-voter.ts) one after another from a few
// browsers, whatever happens to the server: a request that fails because the server is down or
// dying is sent again (as a voter presses reload) until the server answers, for up to 20 s, so a
// voter's walk goes on across a power cut (their earlier steps must have survived it); a voter
// still without an answer then gives up (never told "done", so nothing is owed to them). Each voter
// comes from its own address. Bounded: it stops when asked; every request has a timeout.
import { registerOnTheWeb, sendPage, VoterFailed, type SendPage } from '../../../support/web-voter.js';

export interface WebTotals {
  /** The end page's path (`/r/<resume token>/done`) of every voter the review step sent there. */
  done: string[];
  /** Voters cut off by the server going down (no answer, or reset, for 20 s). */
  down: number;
  /** Requests sent again after the server went down under them. */
  resent: number;
  /** Voters given an answer a real voter would not get (a refusal, a page without its form). */
  refused: string[];
}

export class WebVoterStream {
  readonly totals: WebTotals = { done: [], down: 0, resent: 0, refused: [] };
  private running = true;
  private people = 0;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly url: () => string,
    browsers: number,
  ) {
    this.loops = Array.from({ length: browsers }, () => this.loop());
  }

  async stop(): Promise<WebTotals> {
    this.running = false;
    await Promise.all(this.loops);
    return this.totals;
  }

  /** sendPage, sent again while the server is down (connection refused or reset), for up to 20 s. */
  private readonly send: SendPage = async (url, init) => {
    const giveUpAt = Date.now() + 20_000;
    for (;;) {
      try {
        return await sendPage(url, init);
      } catch (error) {
        if (!this.running || Date.now() > giveUpAt) throw error;
        this.totals.resent++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  private async loop(): Promise<void> {
    while (this.running) {
      const n = this.people++;
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      try {
        this.totals.done.push(await registerOnTheWeb(this.url(), address, this.send));
      } catch (error) {
        if (error instanceof VoterFailed) this.totals.refused.push(error.message);
        else {
          this.totals.down++;
          await new Promise((r) => setTimeout(r, 100)); // the server is down or restarting
        }
      }
    }
  }
}
