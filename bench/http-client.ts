import http from 'node:http';

/**
 * One simulated user: a single keep-alive connection (requests one after the other, like a browser tab), and
 * optionally a cookie jar. Built on node:http rather than fetch to keep the client's own cost low: the clients
 * run in a thread of their own (bench/load-worker.ts), but on the same cores as the server.
 */

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Only when asked for (readBody); otherwise the body is read and dropped. */
  body?: string;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly origin: URL,
    private readonly opts: { keepCookies: boolean; timeoutMs: number },
  ) {}

  request(
    method: 'GET' | 'POST',
    path: string,
    opts: { form?: Record<string, string>; readBody?: boolean } = {},
  ): Promise<HttpResponse> {
    const payload = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
    const headers: http.OutgoingHttpHeaders = { accept: 'text/html,application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.origin.hostname,
          port: this.origin.port,
          method,
          path,
          headers,
          timeout: this.opts.timeoutMs,
        },
        (res) => {
          if (this.opts.keepCookies) this.store(res.headers['set-cookie']);
          const chunks: Buffer[] = [];
          if (opts.readBody) res.on('data', (c: Buffer) => chunks.push(c));
          else res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: opts.readBody ? Buffer.concat(chunks).toString('utf8') : undefined,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`délai dépassé (${this.opts.timeoutMs} ms)`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private store(setCookie: string[] | undefined) {
    for (const c of setCookie ?? []) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      if (eq < 1) continue;
      const name = pair!.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1).trim());
    }
  }

  /** Opens a page holding a form and returns its CSRF token (the session cookie is kept). */
  async csrfToken(path: string): Promise<string> {
    const page = await this.request('GET', path, { readBody: true });
    const m = /name="_csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_csrf"/.exec(page.body ?? '');
    if (page.status !== 200 || !m) throw new Error(`Pas de jeton CSRF sur ${path} (HTTP ${page.status})`);
    return (m[1] ?? m[2])!;
  }

  /** Signs in through the real form: GET /connexion for the CSRF token, then POST, expecting a 303. */
  async signIn(email: string, password: string): Promise<void> {
    const page = await this.request('GET', '/connexion', { readBody: true });
    const m = /name="_csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_csrf"/.exec(page.body ?? '');
    if (page.status !== 200 || !m) {
      throw new Error(
        `Page de connexion inattendue (HTTP ${page.status}, jeton CSRF ${m ? 'présent' : 'absent'})`,
      );
    }
    const res = await this.request('POST', '/connexion', {
      form: { _csrf: (m[1] ?? m[2])!, email, password },
    });
    if (res.status !== 303) throw new Error(`Connexion de ${email} refusée (HTTP ${res.status})`);
  }

  close() {
    this.agent.destroy();
  }
}
