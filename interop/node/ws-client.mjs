// Runs every row of scenarios.json with the client of the `ws` library, with its defaults
// (permessage-deflate offered). Usage: node ws-client.mjs 127.0.0.1:PORT
// Prints one line per row; exits 1 if any row failed.
import WebSocket from 'ws';
import { appAddress, brief, concreteSteps, runTable, withTimeout } from './scenarios.mjs';

const CLIENT = 'node-ws';

/** Connects to `url`, runs the row's steps and returns what this client saw. */
async function run(row, url, timeoutMs) {
  const seen = {
    status: null, headers: null, body: null, subprotocol: null, extensions: [],
    close: null, reason: null, problems: [], notes: [],
  };
  const ws = new WebSocket(url, row.subprotocols ?? [], { handshakeTimeout: timeoutMs });
  const inbox = new Inbox();
  let refused = false;
  ws.on('error', (error) => {
    if (!refused) {
      seen.notes.push(`error=${JSON.stringify(error.message)}`);
    }
  });
  ws.on('message', (data, isBinary) => inbox.add(isBinary ? data : data.toString('utf8')));
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => {
    seen.close = code;
    seen.reason = reason.toString('utf8');
    inbox.end();
    resolve();
  }));

  // The handshake: ws shows a refusal's status, headers and body through 'unexpected-response'.
  const outcome = await withTimeout(new Promise((resolve) => {
    ws.on('open', () => resolve('open'));
    ws.on('unexpected-response', (request, response) => {
      refused = true;
      seen.status = response.statusCode;
      seen.headers = response.headers;
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        seen.body = Buffer.concat(chunks).toString('utf8');
        resolve('refused');
      });
    });
    closed.then(() => resolve('closed'));
  }), timeoutMs, 'the handshake');
  if (outcome === 'refused') {
    ws.terminate();
    return seen;
  }
  if (outcome === 'closed') {
    seen.problems.push('the connection ended during the handshake');
    return seen;
  }
  seen.status = 101;
  seen.subprotocol = ws.protocol || null;
  seen.extensions = ws.extensions ? ws.extensions.split(',') : [];

  await runSteps(ws, concreteSteps(row.steps), inbox, seen, timeoutMs);
  if (seen.problems.length > 0 && ws.readyState === WebSocket.OPEN) {
    // A step failed: end the row now rather than wait for a close that may not come.
    ws.close(1000);
  }

  // Whoever closed, the connection must end with a closing handshake within the timeout.
  try {
    await withTimeout(closed, timeoutMs, 'the close');
  } catch (error) {
    seen.problems.push(error.message);
    ws.terminate();
  }
  return seen;
}

async function runSteps(ws, steps, inbox, seen, timeoutMs) {
  for (const step of steps) {
    if (ws.readyState !== WebSocket.OPEN) {
      if (step.op === 'receive') {
        seen.problems.push(`expected a message ${brief(step.text)} but the connection closed`);
      }
      return;
    }
    switch (step.op) {
      case 'send':
        if (step.kind === 'text') {
          ws.send(step.text);
        } else {
          // ws sends a Buffer as given, so { binary: false } puts invalid UTF-8 in a text frame.
          ws.send(Buffer.from(step.hex, 'hex'), { binary: step.kind === 'binary' });
        }
        break;
      case 'receive': {
        const message = await inbox.next(timeoutMs);
        if (message !== step.text) {
          seen.problems.push(`expected message ${brief(step.text)} got ${brief(message)}`);
          return;
        }
        break;
      }
      case 'close':
        ws.close(step.code);
        break;
      default:
        throw new Error(`unknown step ${step.op}`);
    }
  }
}

/** Messages in arrival order, for a step that waits for the next one. */
class Inbox {
  #messages = [];
  #ended = false;
  #wake = () => {};

  add(message) {
    this.#messages.push(message);
    this.#wake();
  }

  end() {
    this.#ended = true;
    this.#wake();
  }

  /** Returns the next message, or a note saying the connection ended or nothing came. */
  async next(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (this.#messages.length === 0 && !this.#ended && Date.now() < deadline) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (this.#messages.length > 0) {
      return this.#messages.shift();
    }
    return this.#ended ? '(connection closed)' : '(nothing within the timeout)';
  }
}

const base = appAddress(process.argv[2]);
const failed = await runTable(CLIENT, base, run);
process.exit(failed === 0 ? 0 : 1);
