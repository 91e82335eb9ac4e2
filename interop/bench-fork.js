#!/usr/bin/env node
'use strict';

// The Node.js parent/child IPC peer of the benchmark (benchmarks/): child_process.fork and process.send.
//
//   node interop/bench-fork.js --inflight 64 --warmup-ms 1000 --duration-ms 3000
//
// The parent forks this same script as a child that answers {rid, method: 'add', args} messages with
// {success: true, rid, data: SUM} through process.send, the default 'json' serialization. The parent keeps
// --inflight calls of add(1,2,3,4,5) in flight, checks each answer (known rid, success, data 15), counts the answers
// over --duration-ms after --warmup-ms, and prints one JSON line:
//
//   {"inflight":64,"calls":123456,"seconds":3.0,"callsPerSecond":41152.0,"p50Micros":...,"p99Micros":...}
//
// Exit code 1 on a wrong answer or a dead child, 2 on a usage error.

const { fork } = require('child_process');

const service = {
	add: (...numbers) => numbers.reduce((sum, n) => sum + n, 0),
};

function child() {
	process.on('message', (request) => {
		const fn = service[request.method];
		if (fn === undefined) {
			process.send({ success: false, rid: request.rid, error: `method '${request.method}' is not exposed`, code: 'METHOD_NOT_FOUND' });
			return;
		}
		process.send({ success: true, rid: request.rid, data: fn(...request.args) });
	});
	process.on('disconnect', () => process.exit(0));
}

function option(args, name, fallback) {
	const at = args.indexOf(name);
	if (at < 0) {
		return fallback;
	}
	const value = Number(args[at + 1]);
	if (!Number.isInteger(value) || value < 1) {
		process.stderr.write(`bench-fork: ${name} needs a positive integer, got '${args[at + 1]}'\n`);
		process.exit(2);
	}
	return value;
}

function percentile(sorted, p) {
	if (sorted.length === 0) {
		return 0;
	}
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))];
}

function parent(args) {
	const inflight = option(args, '--inflight', 1);
	const warmupMs = option(args, '--warmup-ms', 1000);
	const durationMs = option(args, '--duration-ms', 3000);
	const worker = fork(__filename, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const pending = new Map();
	const latencies = [];
	let nextRid = 1;
	let measuring = false;
	let stopping = false;
	let calls = 0;
	let windowStart = 0n;
	let windowEnd = 0n;
	let failed = false;

	function fail(message) {
		if (failed) {
			return;
		}
		failed = true;
		process.stderr.write(`bench-fork: ${message}\n`);
		process.exitCode = 1;
		worker.kill();
	}

	function send() {
		const rid = nextRid++;
		pending.set(rid, process.hrtime.bigint());
		worker.send({ rid, method: 'add', args: [1, 2, 3, 4, 5] });
	}

	function finish() {
		const seconds = Number(windowEnd - windowStart) / 1e9;
		latencies.sort((a, b) => a - b);
		const result = {
			inflight,
			calls,
			seconds,
			callsPerSecond: calls / seconds,
			p50Micros: percentile(latencies, 50),
			p99Micros: percentile(latencies, 99),
		};
		console.log(JSON.stringify(result));
		worker.disconnect();
	}

	worker.on('message', (answer) => {
		if (failed) {
			return;
		}
		const sentAt = pending.get(answer.rid);
		if (sentAt === undefined || answer.success !== true || answer.data !== 15) {
			fail(`wrong answer: ${JSON.stringify(answer)}`);
			return;
		}
		pending.delete(answer.rid);
		if (measuring) {
			calls++;
			if (latencies.length < 2000000) {
				latencies.push(Number(process.hrtime.bigint() - sentAt) / 1000);
			}
		}
		if (!stopping) {
			send();
		} else if (pending.size === 0) {
			finish();
		}
	});
	worker.on('exit', (code) => {
		if (!stopping) {
			fail(`the child exited with ${code} during the run`);
		}
	});
	setTimeout(() => {
		measuring = true;
		windowStart = process.hrtime.bigint();
		setTimeout(() => {
			windowEnd = process.hrtime.bigint();
			measuring = false;
			stopping = true;
			if (pending.size === 0) {
				finish();
			}
		}, durationMs);
	}, warmupMs);
	for (let i = 0; i < inflight; i++) {
		send();
	}
}

if (process.argv[2] === '--child') {
	child();
} else {
	parent(process.argv.slice(2));
}
