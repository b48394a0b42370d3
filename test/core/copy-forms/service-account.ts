import { generateKeyPairSync } from 'node:crypto';

/** A throwaway service-account key file whose token_uri is a local stand-in. */
export function testServiceAccount(tokenUri: string, projectId = 'keydeck-test'): { json: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const json = JSON.stringify(
    {
      type: 'service_account',
      project_id: projectId,
      private_key_id: 'kid-1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: `keydeck@${projectId}.iam.gserviceaccount.com`,
      client_id: '1',
      token_uri: tokenUri,
    },
    null,
    2,
  );
  return { json, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
