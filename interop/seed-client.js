#!/usr/bin/env node
'use strict';

// The seed article's demo client, written from docs/protocol.md with Node's own modules only.
//
//   node interop/seed-client.js unix:/tmp/sample.sock
//   node interop/seed-client.js tcp://127.0.0.1:7070
//   node interop/seed-client.js tcp://[::1]:7070
//
// It waits for `register`, builds a service proxy from its `methods`, sends one malformed line (which must be
// answered PARSE_ERROR without a rid and leave the session usable), then calls add(1,2,3,4,5) and time(1,2,3,4,5)
// and prints their answers in the order they arrive. Exit code 0 when everything was answered, 1 on any failure
// (cannot connect, a failed response, a protocol violation, nothing within 10 s), 2 on a usage error.
// Only the two result lines go to stdout; notes and errors go to stderr.

const net = require('net');
const { StringDecoder } = require('string_decoder');

const TIMEOUT_MS = 10000;
const MALFORMED_LINE = 'this is not json\n';

function usage(message) {
	process.stderr.write(`seed-client: ${message}\n`);
	process.stderr.write('usage: node seed-client.js <unix:/path/to.sock | tcp://host:port | tcp://[::1]:port>\n');
	process.exit(2);
}

// Parses an address the way docs/protocol.md writes it; returns options for net.connect.
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
		if (!(number >= 1 && number <= 65535)) {
			usage(`'${text}' has an invalid port '${port}' (1-65535)`);
		}
		return { host: host === '' ? '127.0.0.1' : host, port: number };
	}
	usage(`'${text}' is not an IPC address`);
}

// Splits a byte stream into lines: decodes with StringDecoder so that a multi-byte character split between two
// chunks is kept whole, cuts on '\n' (a UTF-8 continuation byte is never 0x0A, so this is the same as cutting on
// bytes), drops a trailing '\r' and ignores blank lines.
class LineParser {
	constructor(onLine) {
		this.decoder = new StringDecoder('utf8');
		this.buffer = '';
		this.onLine = onLine;
	}

	feed(chunk) {
		this.buffer += this.decoder.write(chunk);
		let start = 0;
		let end;
		while ((end = this.buffer.indexOf('\n', start)) >= 0) {
			const line = this.buffer.slice(start, end);
			start = end + 1;
			if (!/^[ \t\r]*$/.test(line)) {
				this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
			}
		}
		this.buffer = this.buffer.slice(start);
	}
}

function main() {
	const args = process.argv.slice(2);
	if (args.length !== 1) {
		usage('expected exactly one address');
	}
	const addressText = args[0];
	const options = parseAddress(addressText);

	const socket = net.connect(options);
	const requestQueue = new Map();
	const service = Object.create(null);
	let rid = 0;
	let registered = false;
	let parseErrorAnswered = false;
	let callsLeft = 0;
	let finished = false;

	const timer = setTimeout(() => {
		const missing = [];
		if (!registered) {
			missing.push('register');
		}
		if (registered && !parseErrorAnswered) {
			missing.push('the PARSE_ERROR answer');
		}
		for (const req of requestQueue.values()) {
			missing.push(`the answer to ${req.method} (rid ${req.rid})`);
		}
		fail(`nothing completed within ${TIMEOUT_MS / 1000} s on ${addressText}; still waiting for ${missing.join(', ')}`);
	}, TIMEOUT_MS);

	function fail(message) {
		if (finished) {
			return;
		}
		finished = true;
		clearTimeout(timer);
		process.stderr.write(`seed-client: ${message}\n`);
		process.exitCode = 1;
		socket.destroy();
	}

	function succeedIfDone() {
		if (finished || callsLeft > 0 || !parseErrorAnswered) {
			return;
		}
		finished = true;
		clearTimeout(timer);
		process.exitCode = 0;
		socket.end();
		// The server closes its side when we end ours; do not hang if it does not.
		setTimeout(() => socket.destroy(), 2000).unref();
	}

	function writeLine(message) {
		socket.write(JSON.stringify(message) + '\n');
	}

	// The seed's send: service.<method>(...args, callback).
	function send(method, ...rest) {
		const callback = rest.pop();
		rid++;
		const req = { rid, method, args: rest };
		requestQueue.set(rid, { rid, method, callback });
		callsLeft++;
		writeLine(req);
	}

	function onRegister(message) {
		if (registered) {
			fail('received a second register message');
			return;
		}
		if (!Array.isArray(message.methods) || !message.methods.every((m) => typeof m === 'string')) {
			fail(`register has no methods array: ${JSON.stringify(message)}`);
			return;
		}
		registered = true;
		message.methods.forEach((method) => {
			service[method] = send.bind(null, method);
		});
		for (const needed of ['add', 'time']) {
			if (typeof service[needed] !== 'function') {
				fail(`the server does not expose '${needed}'; it registered ${JSON.stringify(message.methods)}`);
				return;
			}
		}
		socket.write(MALFORMED_LINE);
		service.add(1, 2, 3, 4, 5, (err, result) => {
			if (err) {
				fail(`add failed: ${err.message}`);
				return;
			}
			console.log(`1+2+3+4+5 = ${result}`);
		});
		service.time(1, 2, 3, 4, 5, (err, result) => {
			if (err) {
				fail(`time failed: ${err.message}`);
				return;
			}
			console.log(`1*2*3*4*5 = ${result}`);
		});
	}

	function onResponse(message) {
		if (message.rid === undefined) {
			if (message.success === false && message.code === 'PARSE_ERROR' && !parseErrorAnswered) {
				parseErrorAnswered = true;
				process.stderr.write(`seed-client: the malformed line was answered PARSE_ERROR as expected: ${message.error}\n`);
				succeedIfDone();
			} else {
				fail(`unexpected response without rid: ${JSON.stringify(message)}`);
			}
			return;
		}
		const req = requestQueue.get(message.rid);
		if (req === undefined) {
			fail(`response for unknown rid ${JSON.stringify(message.rid)}: ${JSON.stringify(message)}`);
			return;
		}
		requestQueue.delete(message.rid);
		callsLeft--;
		if (message.success === true) {
			req.callback(null, message.data);
		} else {
			const code = typeof message.code === 'string' ? ` [${message.code}]` : '';
			req.callback(new Error(`${message.error}${code}`));
		}
		succeedIfDone();
	}

	const parser = new LineParser((line) => {
		if (finished) {
			return;
		}
		let message;
		try {
			message = JSON.parse(line);
		} catch (err) {
			fail(`the server sent a line that is not JSON (${err.message}): ${line}`);
			return;
		}
		if (message === null || typeof message !== 'object' || Array.isArray(message)) {
			fail(`the server sent a message that is not an object: ${line}`);
		} else if (message.action === 'register') {
			onRegister(message);
		} else if (!registered) {
			fail(`expected register first, got: ${line}`);
		} else if (typeof message.action === 'string') {
			process.stderr.write(`seed-client: ignoring action '${message.action}'\n`);
		} else {
			onResponse(message);
		}
	});

	socket.on('data', (chunk) => parser.feed(chunk));
	socket.on('error', (err) => {
		if (!registered) {
			fail(`cannot connect to ${addressText}: ${err.message}`);
		} else {
			fail(`connection to ${addressText} failed: ${err.message}`);
		}
	});
	socket.on('close', () => {
		if (!finished) {
			fail(`the server closed the connection on ${addressText} before every answer arrived`);
		}
	});
}

main();
