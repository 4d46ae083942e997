/*
 * cloudlet's Node.js runtime (nodejs18.x, nodejs20.x, nodejs22.x).
 *
 * Follows the contract of AWS's Node runtime interface client
 * (https://github.com/aws/aws-lambda-nodejs-runtime-interface-client): it talks to the
 * Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API exactly as AWS's own runtime does.
 *
 * - Handler "dir/file.fn" or "file.nested.fn": the module part ends at the first "." after
 *   the last "/"; file.js, file.mjs or file.cjs under LAMBDA_TASK_ROOT (ES modules by
 *   dynamic import). Errors: Runtime.MalformedHandlerName ("Bad handler"),
 *   Runtime.ImportModuleError ("Error: Cannot find module 'x'..."),
 *   Runtime.UserCodeSyntaxError, Runtime.HandlerNotFound ("index.fn is undefined or not
 *   exported" / "... is not a function").
 * - Handlers: async (a returned promise), sync with a callback (3 parameters), and the
 *   legacy context.succeed/fail/done.
 * - Errors: {"errorType": err.name, "errorMessage": err.message, "trace": stack lines};
 *   the log gets "<time>\t<request id>\tERROR\tInvoke Error \t{...}".
 * - console.* lines are written synchronously as "<ISO time>\t<request id>\t<LEVEL>\t<msg>"
 *   with newlines inside a message turned into "\r" (one log event per call).
 *
 * - AWS_LAMBDA_LOG_FORMAT=JSON: console.* as {"timestamp","level","requestId","message"};
 *   AWS_LAMBDA_LOG_LEVEL drops the lower levels (both formats).
 *
 * LIMITATIONS: callbackWaitsForEmptyEventLoop is accepted but the response is sent as soon
 * as the callback is called; no response streaming.
 */
'use strict';

const http = require('http');
const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const API = process.env.AWS_LAMBDA_RUNTIME_API;
const [API_HOST, API_PORT] = API.split(':');
const BASE = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || process.cwd();

let currentRequestId;

// --- logging ------------------------------------------------------------------------------
// LogPatch.js of AWS's runtime: text "<ISO time>\t<request id>\t<LEVEL>\t<msg>" or, with
// AWS_LAMBDA_LOG_FORMAT=JSON, {"timestamp","level","requestId","message"} (an Error as
// message becomes {errorType, errorMessage, stackTrace}); levels below AWS_LAMBDA_LOG_LEVEL
// are not written.
const JSON_LOGS = (process.env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

function jsonErrorReplacer(_, value) {
  if (value instanceof Error) {
    return Object.assign(
      {
        errorType: (value.constructor && value.constructor.name) || 'UnknownError',
        errorMessage: value.message,
        stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
      },
      value,
    );
  }
  return value;
}

function formatJson(level, args) {
  const result = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
  if (args.length === 1) {
    result.message = args[0];
    try {
      return JSON.stringify(result, jsonErrorReplacer);
    } catch (_) {
      result.message = util.format(result.message);
      return JSON.stringify(result);
    }
  }
  result.message = util.format(...args);
  for (const param of args) {
    if (param instanceof Error) {
      result.errorType = (param.constructor && param.constructor.name) || 'UnknownError';
      result.errorMessage = param.message;
      result.stackTrace = typeof param.stack === 'string' ? param.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(result);
}

function patchConsole() {
  const write = (level, args) => {
    const line = JSON_LOGS
      ? formatJson(level, args)
      : `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}`;
    fs.writeSync(1, `${line.replace(/\n/g, '\r')}\n`);
  };
  const threshold = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] || LEVELS.TRACE;
  const nop = () => {};
  const at = (level) => (LEVELS[level] >= threshold ? (...a) => write(level, a) : nop);
  console.trace = at('TRACE');
  console.debug = at('DEBUG');
  console.info = at('INFO');
  console.log = console.info;
  console.warn = at('WARN');
  console.error = at('ERROR');
  console.fatal = (...a) => write('FATAL', a);
}

// "Invoke Error" / "Uncaught Exception": text gets the label and the error's JSON, JSON
// gets the error itself as the message (LogPatch.js structuredConsole.logError).
function logError(label, err) {
  if (JSON_LOGS) {
    console.error(err instanceof Error ? err : toRapidResponse(err));
  } else {
    console.error(label, '\t' + JSON.stringify(toRapidResponse(err)));
  }
}

// --- Runtime API client -----------------------------------------------------------------------
function request(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: API_HOST, port: API_PORT, method, path: BASE + urlPath, agent, headers: headers || {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || (error && typeof error === 'object' && 'name' in error && 'message' in error)) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (e) {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function postError(urlPath, error) {
  const body = toRapidResponse(error);
  return request('POST', urlPath, JSON.stringify(body), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': body.errorType,
  });
}

// --- handler loading ----------------------------------------------------------------------------
class RuntimeError extends Error {
  constructor(name, message, stack) {
    super(message);
    this.name = name;
    if (stack) this.stack = stack;
  }
}

function splitHandler(handler) {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot < 0) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

async function loadModule(moduleName) {
  const base = path.resolve(TASK_ROOT, moduleName);
  for (const ext of ['.js', '.mjs', '.cjs']) {
    const file = base + ext;
    if (!fs.existsSync(file)) continue;
    if (ext === '.mjs') return import(pathToFileURL(file).href);
    try {
      return require(file);
    } catch (e) {
      if (e && e.code === 'ERR_REQUIRE_ESM') return import(pathToFileURL(file).href);
      throw e;
    }
  }
  try {
    return require(require.resolve(moduleName, { paths: [TASK_ROOT] }));
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') {
      throw new RuntimeError(
        'Runtime.ImportModuleError',
        `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${__filename}`,
      );
    }
    throw e;
  }
}

async function loadHandler(handlerString) {
  const [moduleName, handlerPath] = splitHandler(handlerString);
  let mod;
  try {
    mod = await loadModule(moduleName);
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    if (e instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`, e.stack);
    }
    if (e && e.code === 'MODULE_NOT_FOUND') {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: ${e.message}`, e.stack);
    }
    throw e;
  }
  let fn = mod;
  for (const part of handlerPath.split('.')) {
    fn = fn == null ? undefined : fn[part];
    if (fn === undefined && mod && mod.default && fn === undefined && part === handlerPath.split('.')[0]) {
      fn = mod.default[part];
    }
  }
  if (fn === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof fn !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return fn;
}

// --- invocations ----------------------------------------------------------------------------------
function makeContext(headers, finish) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (v) => (v ? JSON.parse(v) : undefined);
  const cognito = parse(headers['lambda-runtime-cognito-identity']);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: cognito
      ? { cognitoIdentityId: cognito.cognitoIdentityId, cognitoIdentityPoolId: cognito.cognitoIdentityPoolId }
      : undefined,
    clientContext: parse(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    done: (err, result) => finish(err, result),
    succeed: (result) => finish(null, result),
    fail: (err) => finish(err == null ? '' : err),
  };
  return context;
}

async function invoke(handler, next) {
  const requestId = next.headers['lambda-runtime-aws-request-id'];
  currentRequestId = requestId;
  const trace = next.headers['lambda-runtime-trace-id'];
  if (trace) process.env._X_AMZN_TRACE_ID = trace;
  else delete process.env._X_AMZN_TRACE_ID;

  let settled = false;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const finish = (err, result) => {
    if (settled) return;
    settled = true;
    resolveDone({ err, result });
  };
  try {
    const event = JSON.parse(next.body.toString('utf8'));
    const context = makeContext(next.headers, finish);
    const callback = (err, result) => finish(err, result);
    const returned = handler.length >= 3 ? handler(event, context, callback) : handler(event, context);
    if (returned && typeof returned.then === 'function') {
      returned.then((result) => finish(null, result), (err) => finish(err == null ? new Error(String(err)) : err));
    } else if (handler.length < 3) {
      finish(null, returned);
    }
  } catch (err) {
    finish(err);
  }
  const { err, result } = await done;
  if (err !== null && err !== undefined) {
    logError('Invoke Error', err);
    await postError(`/invocation/${requestId}/error`, err);
    return;
  }
  let body;
  try {
    body = JSON.stringify(result === undefined ? null : result);
  } catch (e) {
    const error = new RuntimeError('Runtime.MarshalError', `Unable to stringify response body as json: ${e.message}`);
    logError('Invoke Error', error);
    await postError(`/invocation/${requestId}/error`, error);
    return;
  }
  await request('POST', `/invocation/${requestId}/response`, body, { 'Content-Type': 'application/json' });
}

async function main() {
  patchConsole();
  // Keep the process alive while a handler's promise is pending with nothing else scheduled
  // (on Lambda such an invocation runs into its timeout; node would otherwise just exit).
  setInterval(() => {}, 1 << 30);
  let handler;
  try {
    handler = await loadHandler(process.env._HANDLER || '');
  } catch (err) {
    logError('Uncaught Exception', err);
    await postError('/init/error', err);
    process.exit(129);
  }
  process.on('uncaughtException', async (err) => {
    logError('Uncaught Exception', err);
    if (currentRequestId) await postError(`/invocation/${currentRequestId}/error`, err).catch(() => {});
    process.exit(129);
  });
  process.on('unhandledRejection', (reason) => {
    throw reason instanceof Error ? reason : new Error(String(reason));
  });
  for (;;) {
    const next = await request('GET', '/invocation/next');
    if (next.status !== 200) {
      process.exit(1);
    }
    await invoke(handler, next);
    currentRequestId = undefined;
  }
}

main().catch((err) => {
  fs.writeSync(2, `cloudlet node runtime failed: ${err && err.stack}\n`);
  process.exit(1);
});
