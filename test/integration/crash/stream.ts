// A steady stream of registrations through POST /api/v1/registrations from a few concurrent
// clients, whatever happens to the server: while it is down, requests fail (the client saw the
// failure, which is fine) and the clients try again a moment later with the next voter.
// Bounded: it stops when asked, every request has a timeout.
import http from 'node:http';
import { post, voterBody } from '../../../support/load.js';

export interface StreamTotals {
  /** Registrations answered 2xx, with the id the server returned. */
  accepted: string[];
  /** Requests that failed because the server was down or died under them (no answer, or reset). */
  down: number;
  /** Why those requests failed, by message (ECONNREFUSED, socket hang up...): what to look at when few got through. */
  downReasons: Record<string, number>;
  /** Requests answered, but not 2xx: a real failure unless explained. */
  refused: Array<{ status: number; text: string }>;
}

export class RegistrationStream {
  readonly totals: StreamTotals = { accepted: [], down: 0, downReasons: {}, refused: [] };
  private running = true;
  private seq = 0;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly url: () => string,
    private readonly apiKey: string,
    clients: number,
  ) {
    this.loops = Array.from({ length: clients }, () => this.loop());
  }

  async stop(): Promise<StreamTotals> {
    this.running = false;
    await Promise.all(this.loops);
    return this.totals;
  }

  private async loop(): Promise<void> {
    let agent = new http.Agent({ keepAlive: true });
    while (this.running) {
      const body = JSON.stringify(voterBody(this.seq++));
      try {
        const { status, text } = await post(agent, this.url(), '/api/v1/registrations', this.apiKey, body, 15_000);
        if (status >= 200 && status < 300) this.totals.accepted.push((JSON.parse(text) as { id: string }).id);
        else this.totals.refused.push({ status, text: text.slice(0, 200) });
      } catch (error) {
        this.totals.down++;
        const reason = ((error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error)).slice(0, 80);
        this.totals.downReasons[reason] = (this.totals.downReasons[reason] ?? 0) + 1;
        agent.destroy(); // its kept-alive sockets died with the server
        agent = new http.Agent({ keepAlive: true });
        await new Promise((r) => setTimeout(r, 100)); // the server is down or restarting
      }
    }
    agent.destroy();
  }
}
