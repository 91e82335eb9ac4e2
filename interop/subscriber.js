#!/usr/bin/env node
'use strict';

// A subscriber of the protocol's events and streams, written from docs/protocol.md ("Events", "Streaming") with
// Node's own modules only.
//
//   node interop/subscriber.js unix:/tmp/sample.sock [events]
//   node interop/subscriber.js tcp://127.0.0.1:7070 [events]
//
// Against sample-server it:
//   1. reads `register` and checks that `features` lists `events` and `stream`, that `topics` lists `clock`, that
//      `methods` lists `count` and no reserved `$` name;
//   2. subscribes to a topic the server does not list (answered UNKNOWN_TOPIC), then to `clock`
//      (answered {"success":true,"data":null}), receives `events` events (3 by default; the clock ticks once a
//      second), each {"action":"event","topic":"clock","data":{"seq":S,"time":"..."}} with no rid and S counting up
//      by one, and unsubscribes;
//   3. calls count(5) with "stream":true: five `next` lines 1..5 with its rid, in order, then the final answer
//      {"success":true,"rid":R,"data":null} and nothing more for that rid;
//   4. calls count(5) without "stream": one answer, [1,2,3,4,5] (what a seed client gets);
//   5. calls count(1000000000) with "stream":true, sends {"action":"cancel","rid":R} at its first item and expects
//      the final answer to be a CANCELLED failure.
// It prints a summary to stdout and exits 0; 1 on any mismatch, a failed connection or nothing within the time
// allowed (10 s plus one second per event); 2 on a usage error. Errors go to stderr.

const net = require('net');
const { StringDecoder } = require('string_decoder');

const TOPIC = 'clock';
const STREAM_COUNT = 5;
const ENDLESS_COUNT = 1000000000;

function usage(message) {
	process.stderr.write(`subscriber: ${message}\n`);
	process.stderr.write('usage: node subscriber.js <unix:/path/to.sock | tcp://host:port | tcp://[::1]:port> [events]\n');
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

// Splits a byte stream into lines (docs/protocol.md, "Framing"): decodes with StringDecoder so that a multi-byte
// character split between two chunks is kept whole, cuts on '\n', drops a trailing '\r', ignores blank lines.
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

class Mismatch extends Error {
}

function check(condition, message) {
	if (!condition) {
		throw new Mismatch(message);
	}
}

function isStringArray(value) {
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

// One connection: dispatches answers and `next` lines by rid, and `event` lines to the current event waiter.
class Session {
	constructor(socket, onFailure) {
		this.socket = socket;
		this.onFailure = onFailure;
		this.nextRid = 0;
		this.calls = new Map();
		this.register = null;
		this.registerWaiter = null;
		this.eventWaiter = null;
		this.eventsAfterUnsubscribe = 0;
		this.subscribed = false;
		this.parser = new LineParser((line) => this.onLine(line));
		socket.on('data', (chunk) => this.parser.feed(chunk));
	}

	write(message) {
		this.socket.write(JSON.stringify(message) + '\n');
	}

	// Resolves with the register message (the first message on every connection).
	awaitRegister() {
		return new Promise((resolve) => {
			if (this.register !== null) {
				resolve(this.register);
			} else {
				this.registerWaiter = resolve;
			}
		});
	}

	// Sends a request; resolves with { answer, items }: the final answer and the `next` items before it.
	// onItem(item, call) is called for each `next` as it arrives.
	call(method, args, options = {}) {
		const rid = ++this.nextRid;
		const request = { rid, method, args };
		if (options.stream) {
			request.stream = true;
		}
		return new Promise((resolve) => {
			this.calls.set(rid, { rid, method, stream: options.stream === true, items: [], onItem: options.onItem,
				resolve });
			this.write(request);
		});
	}

	cancel(rid) {
		this.write({ action: 'cancel', rid });
	}

	// Resolves with the next `count` events.
	awaitEvents(count) {
		return new Promise((resolve) => {
			this.eventWaiter = { count, events: [], resolve };
		});
	}

	onLine(line) {
		try {
			this.dispatch(line);
		} catch (err) {
			this.onFailure(err);
		}
	}

	dispatch(line) {
		let message;
		try {
			message = JSON.parse(line);
		} catch (err) {
			throw new Mismatch(`the server sent a line that is not JSON (${err.message}): ${line}`);
		}
		check(message !== null && typeof message === 'object' && !Array.isArray(message),
			`the server sent a message that is not an object: ${line}`);
		if (this.register === null) {
			check(message.action === 'register', `expected register first, got: ${line}`);
			this.register = message;
			if (this.registerWaiter !== null) {
				this.registerWaiter(message);
			}
			return;
		}
		switch (message.action) {
			case 'register':
				throw new Mismatch(`received a second register message: ${line}`);
			case 'event':
				this.onEvent(message, line);
				return;
			case 'next':
				this.onNext(message, line);
				return;
			case undefined:
				this.onAnswer(message, line);
				return;
			default:
				// docs/protocol.md: a client ignores any action it does not know.
				process.stderr.write(`subscriber: ignoring action ${JSON.stringify(message.action)}\n`);
		}
	}

	onEvent(message, line) {
		check(message.rid === undefined, `an event carries a rid: ${line}`);
		check(typeof message.topic === 'string', `an event has no topic: ${line}`);
		check(message.topic === TOPIC, `an event of topic '${message.topic}', never subscribed: ${line}`);
		if (!this.subscribed) {
			// "events already written may still arrive after its answer"
			this.eventsAfterUnsubscribe++;
			return;
		}
		const waiter = this.eventWaiter;
		if (waiter === null) {
			return; // subscribed, not counting yet: the clock keeps ticking
		}
		waiter.events.push(message);
		if (waiter.events.length === waiter.count) {
			this.eventWaiter = null;
			waiter.resolve(waiter.events);
		}
	}

	onNext(message, line) {
		const call = this.calls.get(message.rid);
		check(call !== undefined, `a next line for a rid with no call in progress: ${line}`);
		check(call.stream, `a next line for a call made without "stream":true: ${line}`);
		check(Object.prototype.hasOwnProperty.call(message, 'data'), `a next line without data: ${line}`);
		call.items.push(message.data);
		if (call.onItem) {
			call.onItem(message.data, call);
		}
	}

	onAnswer(message, line) {
		check(message.rid !== undefined, `an answer without rid: ${line}`);
		const call = this.calls.get(message.rid);
		check(call !== undefined, `an answer for an unknown rid (or a second answer): ${line}`);
		check(typeof message.success === 'boolean', `an answer without success: ${line}`);
		if (message.success === false) {
			check(typeof message.error === 'string' && message.error !== '', `a failure without error text: ${line}`);
		}
		this.calls.delete(message.rid);
		call.resolve({ answer: message, items: call.items, line });
	}
}

function describeFailure(answer) {
	return answer.success ? `success, data ${JSON.stringify(answer.data)}`
		: `failure ${answer.code === undefined ? '(no code)' : answer.code}: ${answer.error}`;
}

function expectSuccess(result, what) {
	check(result.answer.success === true, `${what}: expected success, got ${describeFailure(result.answer)}`);
	return result.answer.data;
}

function expectFailure(result, code, what) {
	check(result.answer.success === false && result.answer.code === code,
		`${what}: expected a ${code} failure, got ${describeFailure(result.answer)}`);
}

function sequence(count) {
	return Array.from({ length: count }, (_, i) => i + 1);
}

async function run(session, eventCount, say) {
	const register = await session.awaitRegister();
	check(isStringArray(register.methods), `register has no methods array: ${JSON.stringify(register)}`);
	check(isStringArray(register.features), `register has no features array: ${JSON.stringify(register)}`);
	for (const feature of ['events', 'stream']) {
		check(register.features.includes(feature), `register's features lack '${feature}': ${JSON.stringify(register)}`);
	}
	check(isStringArray(register.topics), `register has no topics array: ${JSON.stringify(register)}`);
	check(register.topics.includes(TOPIC), `register's topics lack '${TOPIC}': ${JSON.stringify(register)}`);
	check(register.methods.includes('count'), `register's methods lack 'count': ${JSON.stringify(register)}`);
	check(!register.methods.some((method) => method.startsWith('$')),
		`register lists a reserved $ method: ${JSON.stringify(register.methods)}`);
	say(`register: features ${register.features.join(',')}; topics ${register.topics.join(',')}`);

	const unknownTopic = 'no-such-topic';
	check(!register.topics.includes(unknownTopic), `the server lists '${unknownTopic}'`);
	expectFailure(await session.call('$subscribe', [unknownTopic]), 'UNKNOWN_TOPIC', `$subscribe ${unknownTopic}`);

	const eventsArrived = session.awaitEvents(eventCount);
	session.subscribed = true;
	const subscribed = expectSuccess(await session.call('$subscribe', [TOPIC]), `$subscribe ${TOPIC}`);
	check(subscribed === null, `$subscribe ${TOPIC} answered data ${JSON.stringify(subscribed)}, not null`);
	const events = await eventsArrived;
	session.subscribed = false;
	const unsubscribed = expectSuccess(await session.call('$unsubscribe', [TOPIC]), `$unsubscribe ${TOPIC}`);
	check(unsubscribed === null, `$unsubscribe ${TOPIC} answered data ${JSON.stringify(unsubscribed)}, not null`);
	let previous = null;
	for (const event of events) {
		const tick = event.data;
		check(tick !== null && typeof tick === 'object' && Number.isInteger(tick.seq),
			`a ${TOPIC} event without an integer seq: ${JSON.stringify(event)}`);
		check(typeof tick.time === 'string' && !Number.isNaN(Date.parse(tick.time)),
			`a ${TOPIC} event without a time: ${JSON.stringify(event)}`);
		check(previous === null || tick.seq === previous + 1,
			`${TOPIC} events out of order: seq ${tick.seq} after ${previous}`);
		previous = tick.seq;
	}
	say(`${TOPIC}: ${events.length} events, seq ${events[0].data.seq}..${previous}, `
		+ `from ${events[0].data.time} to ${events[events.length - 1].data.time}`);

	const streamed = await session.call('count', [STREAM_COUNT], { stream: true });
	check(expectSuccess(streamed, `count(${STREAM_COUNT}) streamed`) === null,
		`count(${STREAM_COUNT}) streamed: the final answer's data is not null: ${streamed.line}`);
	check(JSON.stringify(streamed.items) === JSON.stringify(sequence(STREAM_COUNT)),
		`count(${STREAM_COUNT}) streamed the items ${JSON.stringify(streamed.items)}`);
	say(`count(${STREAM_COUNT}) streamed: next ${streamed.items.join(',')}, then ${streamed.line}`);

	const collected = expectSuccess(await session.call('count', [STREAM_COUNT]), `count(${STREAM_COUNT})`);
	check(JSON.stringify(collected) === JSON.stringify(sequence(STREAM_COUNT)),
		`count(${STREAM_COUNT}) without stream answered ${JSON.stringify(collected)}`);
	say(`count(${STREAM_COUNT}) without stream: ${JSON.stringify(collected)}`);

	let cancelSent = false;
	const cancelled = await session.call('count', [ENDLESS_COUNT], {
		stream: true,
		onItem: (item, call) => {
			if (!cancelSent) {
				cancelSent = true;
				session.cancel(call.rid);
			}
		},
	});
	check(cancelSent, `count(${ENDLESS_COUNT}) ended before its first item: ${cancelled.line}`);
	expectFailure(cancelled, 'CANCELLED', `count(${ENDLESS_COUNT}) cancelled at its first item`);
	check(JSON.stringify(cancelled.items.slice(0, 3)) === JSON.stringify(sequence(Math.min(3, cancelled.items.length))),
		`count(${ENDLESS_COUNT}) streamed ${JSON.stringify(cancelled.items.slice(0, 3))} first`);
	say(`count(${ENDLESS_COUNT}) cancelled after ${cancelled.items.length} item(s): ${cancelled.answer.code}`);
}

function main() {
	const args = process.argv.slice(2);
	if (args.length < 1 || args.length > 2) {
		usage('expected an address and optionally a number of events');
	}
	const addressText = args[0];
	const options = parseAddress(addressText);
	let eventCount = 3;
	if (args.length === 2) {
		eventCount = /^[0-9]+$/.test(args[1]) ? Number(args[1]) : NaN;
		if (!(eventCount >= 1 && eventCount <= 1000)) {
			usage(`'${args[1]}' is not a number of events (1-1000)`);
		}
	}
	const timeoutMs = 10000 + eventCount * 1000;

	let finished = false;
	let connected = false;
	const socket = net.connect(options, () => {
		connected = true;
	});
	const timer = setTimeout(() => fail(new Error(`not done within ${timeoutMs / 1000} s on ${addressText}`)),
		timeoutMs);

	function fail(err) {
		if (finished) {
			return;
		}
		finished = true;
		clearTimeout(timer);
		process.stderr.write(`subscriber: ${err.message}\n`);
		process.exitCode = 1;
		socket.destroy();
	}

	const session = new Session(socket, fail);
	socket.on('error', (err) => fail(new Error(connected ? `connection to ${addressText} failed: ${err.message}`
		: `cannot connect to ${addressText}: ${err.message}`)));
	socket.on('close', () => fail(new Error(`the server closed the connection on ${addressText} before the end`)));

	run(session, eventCount, (line) => console.log(line)).then(() => {
		if (finished) {
			return;
		}
		finished = true;
		clearTimeout(timer);
		console.log('subscriber: all checks passed');
		process.exitCode = 0;
		socket.end();
		// The server closes its side when we end ours; do not hang if it does not.
		setTimeout(() => socket.destroy(), 2000).unref();
	}, fail);
}

main();
