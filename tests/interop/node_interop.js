// Interop check with socket.io-client 4.8 (Node): alice watches bob; bob comes online; alice
// must get user_presence_update for bob, and an ack {} for user_activity.
// Usage: node node_interop.js URL ALICE_TOKEN BOB_TOKEN BOB_ID [CA_PEM]   (NODE_PATH finds the
// package). With CA_PEM (a wss:// or https:// URL) the server's certificate is verified against
// that CA only.
const { io } = require("socket.io-client");
const fs = require("fs");

const [url, aliceToken, bobToken, bobIdText, caFile] = process.argv.slice(2);
const ca = caFile ? fs.readFileSync(caFile) : undefined;
const bobId = Number(bobIdText);
const timer = setTimeout(() => fail("timed out"), 15000);

function fail(why) {
  console.log("FAIL: " + why);
  process.exit(1);
}

const opts = (token) => ({
  transports: ["websocket"], auth: { token }, reconnection: false,
  ...(ca ? { ca, rejectUnauthorized: true } : {}),
});
const alice = io(url, opts(aliceToken));
let bob = null;

alice.on("connect_error", (e) => fail("alice could not connect: " + e.message));
alice.on("presence_snapshot", (data) => {
  console.log("alice snapshot " + JSON.stringify(data));
  if (bob) return;
  bob = io(url, opts(bobToken));
  bob.on("connect_error", (e) => fail("bob could not connect: " + e.message));
});
alice.on("user_presence_update", (data) => {
  console.log("alice update " + JSON.stringify(data));
  if (data.user_id !== bobId || data.state !== "online" || data.is_online !== true) return;
  alice.timeout(5000).emit("user_activity", {}, (err, ack) => {
    if (err) fail("no ack for user_activity");
    console.log("user_activity ack " + JSON.stringify(ack));
    if (JSON.stringify(ack) !== "{}") fail("user_activity ack is not {}");
    const wrong = io(url, opts("wrong"));
    wrong.on("connect", () => fail("a wrong token was accepted"));
    wrong.on("connect_error", (e) => {
      console.log("wrong token refused: " + e.message);
      clearTimeout(timer);
      wrong.close();
      bob.close();
      alice.close();
      console.log("OK");
      process.exit(0);
    });
  });
});
