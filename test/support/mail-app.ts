// A test app whose mail goes to a real SMTP server in this process (smtp-sink.ts): the app and
// its sink, started and closed together, for the suites that read what was sent.
import { makeTestApp, type TestApp } from './app-fixture.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface MailTestApp extends TestApp {
  sink: SmtpSink;
}

export async function makeMailTestApp(env: Record<string, string> = {}): Promise<MailTestApp> {
  const sink = await startSmtpSink();
  const t = await makeTestApp({ env: { SMTP_URL: sink.url, ...env } });
  return {
    ...t,
    sink,
    async close() {
      await t.close();
      await sink.close();
    },
  };
}
