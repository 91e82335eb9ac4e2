#!/usr/bin/env node
'use strict';

// The seed article's demo server, written from docs/protocol.md with Node's own modules only.
//
//   node interop/seed-server.js unix:/tmp/seed.sock
//   node interop/seed-server.js tcp://127.0.0.1:7070
//   node interop/seed-server.js tcp://127.0.0.1:0      (any free port; the bound one is printed)
//   node interop/seed-server.js --log-requests unix:/tmp/seed.sock
//
// Like the seed it sends {"action":"register","methods":["add","time"]} on every connection (no `protocol`: it is a
// seed server, so it offers no ping), answers add (the sum) at once and time (the product) after one second through
// a Promise, and answers {"success":false,"rid":R,"error":"..."} (no `code`) for anything it cannot run.
//
// Once it listens it prints exactly one line to stdout, `listening <address>` (with the bound port for tcp port 0),
// so that a test can wait for it; everything else goes to stderr. It removes a stale socket file before listening
// (but refuses to remove a file that is not a socket, or a socket a live server answers on), and on SIGTERM or SIGINT
// closes its connections, removes its socket file and exits 0. Exit code 1 when it cannot listen, 2 on a usage error.
// With --log-requests it also writes every line it receives to stderr, as `seed-server: received <line>`, so that a
// test can check what a client sent it (a seed server must never see `$subscribe`, `"stream"` or `cancel`).

const fs = require('fs');
const net = require('net');
const { StringDecoder } = require('string_decoder');

const MAX_LINE_LENGTH = 1024 * 1024;
const TIME_DELAY_MS = 1000;

function usage(message) {
	process.stderr.write(`seed-server: ${message}\n`);
	process.stderr.write('usage: node seed-server.js [--log-requests] <unix:/path/to.sock | tcp://host:port | tcp://[::1]:port>\n');
	process.exit(2);
}

// Parses an address the way docs/protocol.md writes it; returns { path } or { host, port } (port 0 allowed).
function parseAddress(text) {
	if (text.startsWith('unix:')) {
		let path = text.slice('unix:'.length);
		if (path.startsWith('//')) {
			path = path.slice(2);
		}
		if (path === '') {
			usage(`'${text}' has no socket path`);
		}
		return { path };
	}
	if (text.startsWith('tcp://')) {
		const hostAndPort = text.slice('tcp://'.length);
		let host;
		let port;
		if (hostAndPort.startsWith('[')) {
			const close = hostAndPort.indexOf(']');
			if (close < 0 || hostAndPort.charAt(close + 1) !== ':') {
				usage(`'${text}' is not a valid address; use tcp://[::1]:7070`);
			}
			host = hostAndPort.slice(1, close);
			port = hostAndPort.slice(close + 2);
		} else {
			const colon = hostAndPort.lastIndexOf(':');
			if (colon < 0 || hostAndPort.indexOf(':') !== colon) {
				usage(`'${text}' has no port; use tcp://host:port (IPv6 hosts in brackets)`);
			}
			host = hostAndPort.slice(0, colon);
			port = hostAndPort.slice(colon + 1);
		}
		const number = /^[0-9]+$/.test(port) ? Number(port) : NaN;
		if (!(number >= 0 && number <= 65535)) {
			usage(`'${text}' has an invalid port '${port}' (0-65535)`);
		}
		return { host: host === '' ? '127.0.0.1' : host, port: number };
	}
	usage(`'${text}' is not an IPC address`);
}

function formatTcp(host, port) {
	return `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

// Splits a byte stream into lines: decodes with StringDecoder so that a multi-byte character split between two
// chunks is kept whole, cuts on '\n' (a UTF-8 continuation byte is never 0x0A, so this is the same as cutting on
// bytes), drops a trailing '\r' and ignores blank lines. Calls onTooLong once a line grows past the limit.
class LineParser {
	constructor(onLine, onTooLong) {
		this.decoder = new StringDecoder('utf8');
		this.buffer = '';
		this.onLine = onLine;
		this.onTooLong = onTooLong;
	}

	feed(chunk) {
		this.buffer += this.decoder.write(chunk);
		let start = 0;
		let end;
		while ((end = this.buffer.indexOf('\n', start)) >= 0) {
			const line = this.buffer.slice(start, end);
			start = end + 1;
			if (Buffer.byteLength(line, 'utf8') > MAX_LINE_LENGTH) {
				this.onTooLong();
				return;
			}
			if (!/^[ \t\r]*$/.test(line)) {
				this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
			}
		}
		this.buffer = this.buffer.slice(start);
		if (Buffer.byteLength(this.buffer, 'utf8') > MAX_LINE_LENGTH) {
			this.onTooLong();
		}
	}
}

// The seed's service. Own properties only are methods: `toString` or `constructor` are not exposed. Both take
// numbers only; the dispatcher checks that before running them (an invalid argument is answered even for a
// notification, as docs/protocol.md says for a call that cannot be run at all).
const service = {
	add(...args) {
		return args.reduce((a, b) => a + b, 0);
	},
	time(...args) {
		return new Promise((resolve) => {
			setTimeout(() => resolve(args.reduce((a, b) => a * b, 1)), TIME_DELAY_MS);
		});
	},
};
const METHODS = Object.keys(service);

function isRid(rid) {
	return typeof rid === 'string' || (typeof rid === 'number' && Number.isFinite(rid));
}

function handleConnection(socket, connections, logRequests) {
	connections.add(socket);
	socket.on('close', () => connections.delete(socket));
	socket.on('error', (err) => {
		// A peer that goes away mid-write (EPIPE, ECONNRESET) is normal; anything else is worth a note.
		if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') {
			process.stderr.write(`seed-server: connection error: ${err.message}\n`);
		}
	});

	function send(message) {
		if (!socket.destroyed && socket.writable) {
			socket.write(JSON.stringify(message) + '\n');
		}
	}

	// A failure, as the seed writes it: no `code`; no `rid` when there is none to echo.
	function sendError(rid, error) {
		const message = { success: false };
		if (rid !== undefined) {
			message.rid = rid;
		}
		message.error = error;
		send(message);
	}

	function onRequest(line) {
		if (logRequests) {
			process.stderr.write(`seed-server: received ${line}\n`);
		}
		let message;
		try {
			message = JSON.parse(line);
		} catch (err) {
			sendError(undefined, `the line is not valid JSON: ${err.message}`);
			return;
		}
		if (message === null || typeof message !== 'object' || Array.isArray(message)) {
			sendError(undefined, 'a request must be a JSON object');
			return;
		}
		if (message.method === undefined && typeof message.action === 'string') {
			return; // an action this server does not know (a seed server offers no ping): ignored
		}
		const hasRid = Object.prototype.hasOwnProperty.call(message, 'rid');
		if (hasRid && !isRid(message.rid)) {
			sendError(undefined, 'rid must be a number or a string');
			return;
		}
		const rid = hasRid ? message.rid : undefined;
		if (typeof message.method !== 'string') {
			sendError(rid, 'method must be a string');
			return;
		}
		const args = message.args === undefined || message.args === null ? [] : message.args;
		if (!Array.isArray(args)) {
			sendError(rid, 'args must be an array');
			return;
		}
		const method = message.method;
		if (!Object.prototype.hasOwnProperty.call(service, method)) {
			sendError(rid, `method '${method}' is not exposed by this server`);
			return;
		}
		const invalid = args.findIndex((arg) => typeof arg !== 'number' || !Number.isFinite(arg));
		if (invalid >= 0) {
			sendError(rid, `argument ${invalid} of '${method}' must be a number, got ${JSON.stringify(args[invalid])}`);
			return;
		}
		const answer = (data) => {
			if (rid !== undefined) {
				send({ success: true, rid, data: data === undefined ? null : data });
			}
		};
		const fail = (err) => {
			const text = err && err.message ? err.message : String((err && err.name) || err || 'Error');
			if (rid !== undefined) {
				sendError(rid, text);
			} else {
				process.stderr.write(`seed-server: notification '${method}' failed: ${text}\n`);
			}
		};
		let result;
		try {
			result = service[method](...args);
		} catch (err) {
			fail(err);
			return;
		}
		if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
			result.then(answer, fail);
		} else {
			answer(result);
		}
	}

	const parser = new LineParser(onRequest, () => {
		sendError(undefined, `the line is longer than ${MAX_LINE_LENGTH} bytes`);
		socket.end();
		socket.pause();
	});
	socket.on('data', (chunk) => parser.feed(chunk));
	send({ action: 'register', methods: METHODS });
}

// Removes a stale socket file; refuses a file that is not a socket or a socket a live server answers on.
function prepareUnixPath(path, listen) {
	let stats;
	try {
		stats = fs.lstatSync(path);
	} catch (err) {
		if (err.code === 'ENOENT') {
			listen();
			return;
		}
		fatal(`cannot read ${path}: ${err.message}`);
		return;
	}
	if (!stats.isSocket()) {
		fatal(`${path} exists and is not a socket; not removing it`);
		return;
	}
	const probe = net.connect({ path });
	probe.on('connect', () => {
		probe.destroy();
		fatal(`a server is already listening on ${path}`);
	});
	probe.on('error', () => {
		try {
			fs.unlinkSync(path);
		} catch (err) {
			if (err.code !== 'ENOENT') {
				fatal(`cannot remove the stale socket ${path}: ${err.message}`);
				return;
			}
		}
		listen();
	});
}

function fatal(message) {
	process.stderr.write(`seed-server: ${message}\n`);
	process.exit(1);
}

function main() {
	const args = process.argv.slice(2);
	const logRequests = args[0] === '--log-requests';
	if (logRequests) {
		args.shift();
	}
	if (args.length !== 1) {
		usage('expected exactly one address');
	}
	const addressText = args[0];
	const options = parseAddress(addressText);
	const connections = new Set();
	const server = net.createServer((socket) => handleConnection(socket, connections, logRequests));
	let listening = false;
	let stopping = false;

	server.on('error', (err) => fatal(`cannot listen on ${addressText}: ${err.message}`));

	function removeSocketFile() {
		if (options.path === undefined || !listening) {
			return;
		}
		try {
			if (fs.lstatSync(options.path).isSocket()) {
				fs.unlinkSync(options.path);
			}
		} catch (err) {
			// already gone (node removes it when the server closes)
		}
	}

	function stop(signal) {
		if (stopping) {
			return;
		}
		stopping = true;
		process.stderr.write(`seed-server: ${signal} received, stopping\n`);
		server.close(() => {
			removeSocketFile();
			process.exit(0);
		});
		for (const socket of connections) {
			socket.destroy();
		}
		// Do not hang on a connection that does not close.
		setTimeout(() => {
			removeSocketFile();
			process.exit(0);
		}, 2000).unref();
	}
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));

	function listen() {
		const ready = () => {
			listening = true;
			let bound;
			if (options.path !== undefined) {
				bound = `unix:${options.path}`;
			} else {
				const address = server.address();
				bound = formatTcp(options.host, address.port);
			}
			process.stdout.write(`listening ${bound}\n`);
		};
		if (options.path !== undefined) {
			server.listen({ path: options.path }, ready);
		} else {
			server.listen({ host: options.host, port: options.port }, ready);
		}
	}

	if (options.path !== undefined) {
		prepareUnixPath(options.path, listen);
	} else {
		listen();
	}
}

main();
