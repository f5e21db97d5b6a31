// A real OpenID Connect provider for Min röst's sign-in tests (npm
// oidc-provider, its development login form). One invented user with a
// groups claim, one client. Never for anything but tests.
//
//   node provider.mjs PORT REDIRECT_URL [HOST]
//
// Prints "ready ISSUER" on stdout when it listens on 127.0.0.1:PORT. HOST
// (default localhost) names it in the issuer: another site than the app's
// 127.0.0.1, as a real provider is, so the browser treats its redirect back
// as cross-site (SameSite cookies).
import Provider from 'oidc-provider';

const [port, redirectUrl, host = 'localhost'] = process.argv.slice(2);
const issuer = `http://${host}:${port}`;

const TEST_USER = {
  sub: 'testperson-1',
  name: 'Testa Testsson',
  groups: ['grp-narvaroteam-norr'],
};

const configuration = {
  clients: [
    {
      client_id: 'min-rost-test',
      client_secret: 'test-secret-not-a-real-one',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      require_auth_time: true,
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'groups'] },
  conformIdTokenClaims: false,
  cookies: { keys: ['only-for-tests'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    // The login form takes any name: only the test user's (its sub) gets in.
    if (id !== TEST_USER.sub) return undefined;
    return {
      accountId: TEST_USER.sub,
      async claims() {
        return { sub: TEST_USER.sub, name: TEST_USER.name, groups: TEST_USER.groups };
      },
    };
  },
  // A first-party client: no consent page, the grant is given at once.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['name', 'groups']);
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
for (const event of ['server_error', 'authorization.error', 'grant.error']) {
  provider.on(event, (_ctx, err) => console.error(event, err.message, err.error_description || ''));
}
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
