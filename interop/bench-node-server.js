#!/usr/bin/env node
'use strict';

// The Node.js server of the benchmark (benchmarks/): the seed's design, single-threaded, Node's own modules only.
//
//   node interop/bench-node-server.js unix:/tmp/bench-node.sock
//   node interop/bench-node-server.js tcp://127.0.0.1:0
//
// It speaks the protocol of docs/protocol.md: sends register on connect, then answers each request line
// {"rid":R,"method":"add","args":[...]} with {"success":true,"rid":R,"data":SUM}. For the payload cell it also has
// sample-server's catalog: save(item) answers the item it parsed, put(document) stores the parsed document and
// answers its id, get(id) answers the stored document (an unknown id is an error). Like the seed, each line is parsed
// with JSON.parse, dispatched through a table of service functions, and each answer is written with its own
// socket.write(JSON.stringify(...) + '\n'). A function may return a Promise (time does), which is awaited; a plain
// value is answered at once.
//
// Once it accepts connections it prints one line "listening <address>" (for TCP port 0, the bound port) and runs
// until it gets SIGTERM or SIGINT, removing its socket file on the way out. Exit code 2 on a usage error.

const fs = require('fs');
const net = require('net');
const { StringDecoder } = require('string_decoder');

const documents = Object.create(null);

const service = {
	add: (...numbers) => numbers.reduce((sum, n) => sum + n, 0),
	save: (item) => item,
	put: (document) => {
		documents[document.id] = document;
		return document.id;
	},
	get: (id) => {
		const document = documents[id];
		if (document === undefined) {
			throw new Error(`no document with id '${id}'`);
		}
		return document;
	},
	time: (...numbers) => new Promise((resolve) => {
		const product = numbers.reduce((p, n) => p * n, 1);
		setTimeout(() => resolve(product), 1000);
	}),
};

function usage(message) {
	process.stderr.write(`bench-node-server: ${message}\n`);
	process.stderr.write('usage: node bench-node-server.js <unix:/path/to.sock | tcp://host:port>\n');
	process.exit(2);
}

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

function onConnection(socket) {
	const decoder = new StringDecoder('utf8');
	let buffer = '';

	function send(message) {
		if (!socket.destroyed) {
			socket.write(JSON.stringify(message) + '\n');
		}
	}

	function handle(line) {
		let request;
		try {
			request = JSON.parse(line);
		} catch (err) {
			send({ success: false, error: `malformed JSON: ${err.message}`, code: 'PARSE_ERROR' });
			return;
		}
		const { rid, method, args } = request;
		const fn = Object.prototype.hasOwnProperty.call(service, method) ? service[method] : undefined;
		if (fn === undefined) {
			send({ success: false, rid, error: `method '${method}' is not exposed by this server`, code: 'METHOD_NOT_FOUND' });
			return;
		}
		let result;
		try {
			result = fn(...(Array.isArray(args) ? args : []));
		} catch (err) {
			send({ success: false, rid, error: err.message, code: 'SERVICE_ERROR' });
			return;
		}
		if (rid === undefined) {
			return;
		}
		if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
			result.then(
				(data) => send({ success: true, rid, data }),
				(err) => send({ success: false, rid, error: String(err && err.message), code: 'SERVICE_ERROR' }));
		} else {
			send({ success: true, rid, data: result });
		}
	}

	socket.on('data', (chunk) => {
		buffer += decoder.write(chunk);
		let start = 0;
		let end;
		while ((end = buffer.indexOf('\n', start)) >= 0) {
			const line = buffer.slice(start, end);
			start = end + 1;
			if (line.trim() !== '') {
				handle(line);
			}
		}
		buffer = buffer.slice(start);
	});
	socket.on('error', () => socket.destroy());
	send({ action: 'register', methods: Object.keys(service), protocol: 1 });
}

function main() {
	const args = process.argv.slice(2);
	if (args.length !== 1) {
		usage('expected exactly one address');
	}
	const options = parseAddress(args[0]);
	if (options.path !== undefined) {
		try {
			if (fs.lstatSync(options.path).isSocket()) {
				fs.unlinkSync(options.path);
			}
		} catch (err) {
			// no stale socket file
		}
	}
	const server = net.createServer(onConnection);
	server.on('error', (err) => {
		process.stderr.write(`bench-node-server: cannot listen on ${args[0]}: ${err.message}\n`);
		process.exit(1);
	});
	const stop = () => {
		server.close();
		if (options.path !== undefined) {
			try {
				fs.unlinkSync(options.path);
			} catch (err) {
				// already gone
			}
		}
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	server.listen(options, () => {
		if (options.path !== undefined) {
			console.log(`listening unix:${options.path}`);
		} else {
			const bound = server.address();
			const host = bound.address.includes(':') ? `[${bound.address}]` : bound.address;
			console.log(`listening tcp://${host}:${bound.port}`);
		}
	});
}

main();
