import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, createTestApp, type TestContext } from '../test/helpers/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestApp();
});
after(async () => {
  await ctx?.close();
});

describe('security headers', () => {
  test('CSP forbids inline code and framing; the usual headers are set', async () => {
    const res = await ctx.app.inject({ url: '/' });
    assert.equal(res.statusCode, 200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('pages have no inline script or style attribute', async () => {
    for (const url of ['/', '/connexion', '/accessibilite', '/mentions-legales', '/donnees-personnelles']) {
      const res = await ctx.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/, `${url}: inline <script>`);
      assert.doesNotMatch(res.body, /\sstyle="/, `${url}: style attribute`);
      assert.doesNotMatch(res.body, /\son[a-z]+="/, `${url}: inline event handler`);
    }
  });

  test('a public page sets no session cookie', async () => {
    const res = await ctx.app.inject({ url: '/' });
    assert.equal(res.headers['set-cookie'], undefined);
  });
});

describe('static assets', () => {
  test('DSFR is served from its dist folder with a long immutable cache', async () => {
    const res = await ctx.app.inject({ url: '/dsfr/1.14.4/dsfr.min.css' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/css/);
    assert.match(
      String(res.headers['cache-control']),
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );
  });

  test('no path traversal out of the static folders', async () => {
    const res = await ctx.app.inject({ url: '/static/..%2F..%2Fpackage.json' });
    assert.notEqual(res.statusCode, 200);
  });
});

describe('errors', () => {
  test('unknown page: French 404 page', async () => {
    const res = await ctx.app.inject({ url: '/nulle-part' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Page non trouvée/);
    assert.match(res.body, /<html lang="fr"/);
  });

  test('unknown back-office page without a session: sign-in first', async () => {
    const res = await ctx.app.inject({ url: '/bo/nulle-part' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/connexion?next=%2Fbo%2Fnulle-part');
  });

  test('an unknown API route answers JSON', async () => {
    const res = await ctx.app.inject({ url: '/api/nulle-part' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().statusCode, 404);
  });

  test('a malformed form body gets a French 400 page, not a crash', async () => {
    const b = new Browser(ctx.app);
    const token = await b.csrfFrom('/connexion');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/connexion',
      payload: `_csrf=${token}&email=%E0%A4%A`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
    });
    assert.ok(res.statusCode < 500, `status ${res.statusCode}`);
    assert.match(res.body, /<html lang="fr"/);
  });
});

describe('health', () => {
  test('reports the database and the optional services', async () => {
    const res = await ctx.app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.checks.database, 'ok');
    assert.equal(body.checks.redis, process.env.REDIS_URL ? 'ok' : 'non configuré');
    assert.equal(res.headers['cache-control'], 'no-store');
  });
});

describe('dev mails', () => {
  test('lists the outbox and refuses path traversal', async () => {
    await ctx.runtime.mailer.send({
      to: 'usager@example.fr',
      subject: 'Votre signalement <test>',
      html: '<p>Bonjour</p><script>alert(1)</script>',
      text: 'Bonjour',
    });
    const list = await ctx.app.inject({ url: '/dev/mails' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Votre signalement &lt;test>|Votre signalement &lt;test&gt;/);
    const id = /href="\/dev\/mails\/([^"/]+)"/.exec(list.body)?.[1];
    assert.ok(id);
    const detail = await ctx.app.inject({ url: `/dev/mails/${id}` });
    assert.equal(detail.statusCode, 200);
    const html = await ctx.app.inject({ url: `/dev/mails/${id}/html` });
    assert.match(String(html.headers['content-security-policy']), /default-src 'none'/);
    const evil = await ctx.app.inject({ url: '/dev/mails/..%2F..%2Fetc%2Fpasswd' });
    assert.equal(evil.statusCode, 404);
  });
});

describe('behind an HTTPS proxy (TRUST_PROXY)', () => {
  test('the session cookie is marked Secure when the request came over HTTPS', async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    try {
      const res = await proxied.app.inject({
        url: '/connexion',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
      });
      assert.match(String(res.headers['set-cookie']), /;\s*Secure/i);
      const plain = await proxied.app.inject({ url: '/connexion' });
      assert.doesNotMatch(String(plain.headers['set-cookie']), /;\s*Secure/i);
    } finally {
      await proxied.close();
    }
  });
});
