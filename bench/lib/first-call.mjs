// One GetAuthCode in a fresh process, for bench/client.mjs's first-call latency:
//   node lib/first-call.mjs <ours-fetch|ours-node|peer> <port>
// The clock starts before any module of the client is loaded (imports are dynamic on purpose)
// and stops once the response is read, so the figure covers module load, client creation,
// signing, connection setup and the exchange. Prints `{"ms":N,"importMs":M}` (M: the dynamic
// import alone); exits 1 if the call failed.
const started = performance.now();

const [variant, port] = process.argv.slice(2);
const credentials = { accessKeyId: 'BenchAccessKeyId', accessKeySecret: 'BenchAccessKeySecret' };
const endpoint = `http://127.0.0.1:${port}`;
let importMs;
const load = async (specifier) => {
  const before = performance.now();
  const module = await import(specifier);
  importMs = performance.now() - before;
  return module;
};

async function once() {
  switch (variant) {
    case 'ours-fetch': {
      const { createClient } = await load('../../packages/client/dist/esm/index.js');
      const client = createClient({ credentials, endpoint });
      return client.getAuthCode({ ExternalUserId: 'alice' });
    }
    case 'ours-node': {
      const { createClient, createNodeFetch } = await load('../../packages/client/dist/esm/node/index.js');
      const fetch = createNodeFetch();
      try {
        const client = createClient({ credentials, endpoint, fetch });
        return await client.getAuthCode({ ExternalUserId: 'alice' });
      } finally {
        fetch.close();
      }
    }
    case 'peer': {
      const { createPeerClient, peerGetAuthCode } = await load('./peer.mjs');
      const response = await peerGetAuthCode(createPeerClient(port, credentials), { ExternalUserId: 'alice' });
      if (response.statusCode !== 200) throw new Error(`peer: HTTP ${response.statusCode}`);
      return response.body;
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

const result = await once();
const ms = performance.now() - started;
if (result?.AuthModel?.AuthCode !== 'acv2bench0000') {
  console.error(`${variant}: unexpected result ${JSON.stringify(result)}`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ ms, importMs })}\n`);
// The peer's keep-alive agent would otherwise hold the process open for a while.
process.exit(0);
