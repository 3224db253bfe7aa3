// A real OpenID Connect provider (panva's oidc-provider) on localhost, for the sign-in
// browser test. Its development interactions accept any login: the login typed is the
// account id and the email, so the test signs in as any member of the team it wrote.
// Usage: OIDC_PORT=9100 OIDC_REDIRECT_URI=http://localhost:8501/oauth2callback node provider.mjs
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 9100);
const redirect = process.env.OIDC_REDIRECT_URI;
if (!redirect) {
  console.error('OIDC_REDIRECT_URI is required');
  process.exit(2);
}

const provider = new Provider(`http://localhost:${port}`, {
  clients: [{
    client_id: 'continuum',
    client_secret: 'continuum-test-secret',
    redirect_uris: [redirect],
    post_logout_redirect_uris: [redirect], // st.logout comes back through the callback
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  scopes: ['openid', 'email', 'profile'],
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: id.split('@')[0] };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  conformIdTokenClaims: false, // the email in the ID token, as Google, Microsoft and Okta send it
  pkce: { required: () => false },
  cookies: { keys: ['continuum-test-cookie-key'] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider on http://localhost:${port}`));
