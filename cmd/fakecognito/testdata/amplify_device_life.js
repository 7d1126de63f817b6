// Drives cmd/fakecognito with AWS Amplify JS v6 (aws-amplify), whose SRP,
// device tracking, token refresh and sign-out are its own, through a
// remembered device's life: sign-in with SMS MFA (which confirms the new
// device), rememberDevice, fetchDevices, signOut, a second sign-in that
// proves the device instead of MFA, a forced refresh, forgetDevice and a
// last signOut.
//
// Run by TestAmplifyDeviceLife with the endpoint, pool, app client,
// username, password and MFA code as arguments. After each step it prints
// one line of JSON ({"step": ..., "ok": ..., what the step returned, and
// what Amplify then holds in its storage}) and waits for a line on stdin
// before the next step, so that the test can look at the server between
// steps.

// Node 20 has no navigator. Amplify names a new device after
// navigator.userAgent; without one, naming it throws before ConfirmDevice
// is sent, and Amplify drops the error and signs in with no device.
globalThis.navigator ??= { userAgent: 'node' };

const readline = require('node:readline');
const { Amplify } = require('aws-amplify');
const auth = require('aws-amplify/auth');
const { cognitoUserPoolsTokenProvider } = require('aws-amplify/auth/cognito');

const [endpoint, userPoolId, userPoolClientId, username, password, mfaCode] = process.argv.slice(2);

Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } });

// storage is the KeyValueStorage Amplify keeps tokens and device keys in,
// readable by this script. Amplify.configure installs its default storage,
// so it is set after.
const storage = new Map();
cognitoUserPoolsTokenProvider.setKeyValueStorage({
  async setItem(key, value) { storage.set(key, value); },
  async getItem(key) { return storage.has(key) ? storage.get(key) : null; },
  async removeItem(key) { storage.delete(key); },
  async clear() { storage.clear(); },
});

// stored returns what Amplify's storage holds for the user.
function stored(name) {
  for (const [key, value] of storage) {
    if (key.endsWith(`.${username}.${name}`)) return value;
  }
  return null;
}

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

// step runs one step, prints its result and waits for the test.
async function step(name, run) {
  let result;
  try {
    result = { ok: true, ...(await run()) };
  } catch (err) {
    result = { ok: false, error: err.name, message: err.message };
  }
  const held = { deviceKey: stored('deviceKey'), refreshToken: stored('refreshToken'), accessToken: stored('accessToken') };
  console.log(JSON.stringify({ step: name, ...result, stored: held }));
  const next = await lines.next();
  if (next.done) process.exit(0);
}

const signIn = async () => {
  const { isSignedIn, nextStep } = await auth.signIn({ username, password });
  return { isSignedIn, signInStep: nextStep.signInStep };
};

(async () => {
  await step('signIn', signIn);
  await step('confirmSignIn', async () => {
    const { isSignedIn, nextStep } = await auth.confirmSignIn({ challengeResponse: mfaCode });
    return { isSignedIn, signInStep: nextStep.signInStep };
  });
  await step('rememberDevice', async () => { await auth.rememberDevice(); });
  await step('fetchDevices', async () => {
    const devices = await auth.fetchDevices();
    return { devices: devices.map(({ id, name, attributes }) => ({ id, name, remembered: attributes['dev:device_remembered_status'] })) };
  });
  await step('signOut', async () => { await auth.signOut(); });
  await step('signInWithDevice', signIn);
  await step('forceRefresh', async () => {
    const { tokens } = await auth.fetchAuthSession({ forceRefresh: true });
    if (!tokens) throw new Error('fetchAuthSession returned no tokens');
  });
  await step('forgetDevice', async () => { await auth.forgetDevice(); });
  await step('lastSignOut', async () => { await auth.signOut(); });
  process.exit(0);
})().catch((err) => { console.error(err); process.exit(1); });
