// Drives devicestest.Server with amazon-cognito-identity-js, as a browser
// or React Native app would: user SRP sign-in with a wrong password, then
// with MFA and a new device that it confirms and remembers, then a second
// sign-in through device SRP, then one with a wrong device password.
// Prints one JSON object with what each step saw. Run by
// TestIdentityJSSignIn with the endpoint, pool, client, user, password and
// MFA code as arguments.
const {
  CognitoUserPool,
  CognitoUser,
  AuthenticationDetails,
} = require('amazon-cognito-identity-js');

const [endpoint, poolId, clientId, username, password, mfaCode] = process.argv.slice(2);
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });

// signIn runs one authenticateUser and reports which callbacks fired.
function signIn(pw) {
  return new Promise((resolve) => {
    const user = new CognitoUser({ Username: username, Pool: pool });
    const seen = { mfaAsked: false };
    const callbacks = {
      onSuccess(session, userConfirmationNecessary) {
        const finish = () => resolve({ ...seen, ok: true, userConfirmationNecessary: !!userConfirmationNecessary,
          accessToken: session.getAccessToken().getJwtToken(), deviceKey: user.deviceKey || null });
        if (userConfirmationNecessary) {
          user.setDeviceStatusRemembered({
            onSuccess() { seen.remembered = true; finish(); },
            onFailure(err) { resolve({ ...seen, ok: false, step: 'remember', code: err.code, message: err.message }); },
          });
          return;
        }
        finish();
      },
      onFailure(err) { resolve({ ...seen, ok: false, code: err.code, message: err.message }); },
      mfaRequired() { seen.mfaAsked = true; user.sendMFACode(mfaCode, callbacks); },
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: pw }), callbacks);
  });
}

(async () => {
  const out = {};
  out.wrongPassword = await signIn(password + '-wrong');
  out.first = await signIn(password);
  out.second = await signIn(password);
  // Corrupt the stored device password, as a device whose secret was
  // lost or tampered with would present it.
  const storage = pool.storage;
  const prefix = `CognitoIdentityServiceProvider.${clientId}.${username}`;
  out.storedDeviceKey = storage.getItem(`${prefix}.deviceKey`);
  storage.setItem(`${prefix}.randomPasswordKey`, 'not-the-device-password');
  out.wrongDevicePassword = await signIn(password);
  console.log(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
