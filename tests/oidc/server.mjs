// A real OpenID Connect provider for the single sign-on tests: panva's certified oidc-provider, on a loopback port.
// Started by tests/oidc/provider.py with a JSON config file as its one argument:
//   {"port": 0, "client": {"client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris"},
//    "end_session": true, "accounts": {"<login>": {"claims": {...}, "amr": [...], "acr": "..."}}}
// It prints "listening <issuer>" once it serves. The tests change accounts while it runs (PUT /__test__/accounts/<id>
// with {"claims", "amr", "acr"}), and sign in on its own small login page (a "Login" field and a "Sign in" button):
// the account's `amr` and `acr` go into the ID token as a real provider sets them from how the person signed in.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const accounts = new Map(Object.entries(config.accounts || {}));
const port = config.port;
const issuer = `http://127.0.0.1:${port}`;
// Custom claims a company releases under a scope it names (the Socialwise setting OIDC_SCOPES requests it).
const ORG_CLAIMS = ['department', 'job_title', 'roles'];

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client.client_id,
    client_secret: config.client.client_secret,
    redirect_uris: config.client.redirect_uris,
    post_logout_redirect_uris: config.client.post_logout_redirect_uris || [],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'email', 'profile', 'org'],
  claims: {
    // How the person signed in, from the login result below: in every ID token, as Entra ID, Okta and Keycloak do.
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    org: ORG_CLAIMS,
  },
  // The ID token carries every released claim too (as Entra ID does with `roles`), not only the userinfo endpoint.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: config.end_session !== false,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Signed out of the test provider', ''); },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const current = accounts.get(id) || account;
        const claims = { ...(current.claims || {}), sub: id };
        for (const [key, value] of Object.entries(claims)) if (value === null) delete claims[key];
        return claims;
      },
    };
  },
  // Every client may have every scope and claim it asks for: no consent screen in the tests.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile org');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'given_name', 'family_name', ...ORG_CLAIMS]);
    await grant.save();
    return grant;
  },
  pkce: { required: () => false },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.proxy = false;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return req.headers['content-type']?.includes('json') ? JSON.parse(body || '{}') : Object.fromEntries(new URLSearchParams(body));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    const uid = escape(details.uid);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Test provider sign-in', `<form method="post" action="/interaction/${uid}">
<label for="login">Login</label> <input id="login" name="login" autocomplete="off" autofocus>
<button type="submit">Sign in</button></form>`));
    return;
  }
  const form = await readForm(req);
  const account = accounts.get(form.login);
  if (!account) {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Unknown test account', `<p>No account ${escape(form.login)}.</p>`));
    return;
  }
  const login = { accountId: form.login };
  if (account.amr) login.amr = account.amr;
  if (account.acr) login.acr = account.acr;
  await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

async function admin(req, res) {
  const match = req.url.match(/^\/__test__\/accounts\/([^/?]+)$/);
  if (req.method === 'PUT' && match) {
    accounts.set(decodeURIComponent(match[1]), await readForm(req));
    res.statusCode = 204;
    res.end();
    return;
  }
  res.statusCode = 404;
  res.end();
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const handle = req.url.startsWith('/interaction/') ? interaction : req.url.startsWith('/__test__/') ? admin : null;
  if (!handle) return callback(req, res);
  handle(req, res).catch((error) => {
    console.error(error);
    res.statusCode = 500;
    res.end(String(error));
  });
});
server.listen(port, '127.0.0.1', () => { console.log(`listening ${issuer}`); });
